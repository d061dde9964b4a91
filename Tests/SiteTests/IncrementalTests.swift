import Foundation
import Testing
import VouchTestSupport

/// Incremental builds proven by file hashes, modification times and inodes; atomic publication
/// proven by killing a build midway.
@Suite(.serialized) struct IncrementalTests {
    @Test func aBuildWithNoChangeWritesNothing() throws {
        let harness = try SiteHarness()
        for index in 0..<5 { try harness.addMember("Member \(index)", email: "m\(index)@example.org") }
        let first = try harness.build()
        #expect(first.contains("removed"), "\(first)")
        let before = try harness.snapshot()
        let again = try harness.build()
        #expect(again.hasPrefix("site: 0 written,"), "\(again)")
        #expect(again.contains(" 0 removed"), "\(again)")
        #expect(try harness.snapshot() == before)
    }

    @Test func aOneMemberChangeRewritesThatMemberAndTheAggregatesOnly() throws {
        let harness = try SiteHarness()
        for index in 0..<6 { try harness.addMember("Member \(index)", email: "m\(index)@example.org") }
        try harness.build()
        let before = try harness.snapshot()
        let store = try harness.store()
        let changed = try #require(try store.member(byEmail: "m3@example.org"))
        try store.addDomain("m3.example.org", member: changed.id)
        let output = try harness.build()
        let after = try harness.snapshot()
        let differing = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        // The member's page, the statistics and home pages (whose counts did not change here but
        // are checked), and the marker of the new build; nothing else.
        #expect(differing.contains("members/\(changed.statusPageID).html"), "\(differing)")
        let allowed: Set<String> = [
            "members/\(changed.statusPageID).html", "statistics.html", "index.html", ".vouch-build",
        ]
        #expect(differing.isSubset(of: allowed), "\(differing)")
        #expect(output.hasPrefix("site: 2 written,") || output.hasPrefix("site: 1 written,"), "\(output)")
        let others = try store.member(byEmail: "m1@example.org")!
        #expect(before["members/\(others.statusPageID).html"] == after["members/\(others.statusPageID).html"])
    }

    @Test func aRotatedLinkRemovesTheOldPage() throws {
        let harness = try SiteHarness()
        let member = try harness.addMember("Rotating Member", email: "rotate@example.org")
        try harness.addMember("Other Member", email: "other@example.org")
        try harness.build()
        let old = "members/\(member.statusPageID).html"
        #expect(FileManager.default.fileExists(atPath: harness.site.appendingPathComponent(old).path))
        let fresh = try harness.store().rotateStatusPageID(member: member.id)
        // Until the member retires it (by answering the mail with the new link), the old page stays.
        try harness.build()
        #expect(FileManager.default.fileExists(atPath: harness.site.appendingPathComponent(old).path))
        try harness.store().retirePreviousStatusPage(member: member.id)
        let output = try harness.build()
        #expect(output.contains(" 1 removed"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: harness.site.appendingPathComponent(old).path))
        #expect(
            FileManager.default.fileExists(atPath: harness.site.appendingPathComponent("members/\(fresh).html").path)
        )
    }

    @Test func aSiteEmptiedByHandIsRebuiltInFull() throws {
        let harness = try SiteHarness()
        try harness.addMember("Alice Example", email: "alice@example.org")
        try harness.build()
        let before = try harness.snapshot()
        try FileManager.default.removeItem(at: harness.site)
        try FileManager.default.createDirectory(at: harness.site, withIntermediateDirectories: true)
        try harness.build()
        let after = try harness.snapshot()
        #expect(Set(after.keys) == Set(before.keys))
        #expect(
            after.filter { $0.key != ".vouch-build" }.mapValues(\.sha256)
                == before.filter { $0.key != ".vouch-build" }.mapValues(\.sha256)
        )
    }

    @Test func aKilledBuildLeavesThePreviousSiteWhole() throws {
        let harness = try SiteHarness()
        let store = try harness.store()
        for index in 0..<1_500 {
            try store.addMember(
                name: "Member \(index)",
                dateOfBirth: "1980-04-01",
                primaryEmail: "m\(index)@example.org"
            )
        }
        try harness.build()
        let before = try harness.snapshot()
        // A changed template makes every member page due, so the build has a long way to go.
        let templates = harness.directory.file("templates")
        try FileManager.default.createDirectory(
            at: templates.appendingPathComponent("site"),
            withIntermediateDirectories: true
        )
        let member = try String(
            contentsOf: RepositoryPaths.root.appendingPathComponent("Templates/site/member.mustache"),
            encoding: .utf8
        )
        try (member + "<p>changed</p>\n").write(
            to: templates.appendingPathComponent("site/member.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let process = Process()
        process.executableURL = RepositoryPaths.vouchExecutable
        process.arguments = [
            "site", "build", "--data", harness.data.path, "--out", harness.site.path, "--templates", templates.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let parent = harness.site.deletingLastPathComponent()
        var sawStaging = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
            if let staging = names.first(where: { $0.hasPrefix(".site.staging-") }),
                ((try? FileManager.default.contentsOfDirectory(
                    atPath: parent.appendingPathComponent(staging).appendingPathComponent("members").path
                ))?.count ?? 0) > 10
            {
                sawStaging = true
                break
            }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(sawStaging, "the build ended before it could be killed midway")
        // The published site is exactly the previous one, every file and every inode.
        #expect(try harness.snapshot() == before)
        // The next build clears the leftovers and publishes the new version whole.
        let output = try harness.build(["--templates", templates.path])
        #expect(output.contains("1500") || output.contains("written"), "\(output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: parent.path)
        #expect(!names.contains { $0.hasPrefix(".site.staging-") }, "\(names)")
        let page = try harness.memberPage("m7@example.org")
        #expect(page.contains("<p>changed</p>"))
    }
}
