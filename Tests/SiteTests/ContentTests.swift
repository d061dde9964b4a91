import Foundation
import Policy
import Testing
import VouchTestSupport

/// The documents state the numbers the Policy module uses; bad input names its file and line and
/// leaves the site alone; the built-in templates and content work from any folder and are
/// overridden file by file.
@Suite(.serialized) struct ContentTests {
    /// Text of an HTML page without its tags, whitespace folded.
    static func text(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                text += " "
            } else if !inTag {
                text.append(character)
            }
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every whole number that directly precedes `phrase` in `text`.
    static func numbers(before phrase: String, in text: String) -> [Int] {
        var found: [Int] = []
        var rest = text[...]
        while let range = rest.range(of: phrase) {
            let words = rest[..<range.lowerBound].split(separator: " ")
            if let last = words.last, let number = Int(last.filter(\.isNumber)), !last.filter(\.isNumber).isEmpty {
                found.append(number)
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    @Test func documentsStateThePolicyNumbers() throws {
        let harness = try SiteHarness()
        try harness.build()
        let policy = PolicyConfiguration.standard
        let assurance = Self.text(try harness.page("policies/assurance.html"))
        #expect(assurance.contains("at most \(policy.maxAssurancePoints) assurance points from assurances"))
        #expect(
            assurance.contains(
                "\(policy.experiencePerAssurance) experience points per assurance, at most \(policy.maxExperience)"
            )
        )
        #expect(assurance.contains("at least \(policy.assurancesFor50) assurances"))
        #expect(
            assurance.contains("\(policy.challengeQuestions) questions, pass mark \(policy.challengePassPercent) %")
        )
        #expect(assurance.contains("counts at most \(policy.ttpPointsCap) points"))
        #expect(assurance.contains("only the first \(policy.ttpMaxCount) such assurances count"))
        #expect(assurance.contains("awards at most \(policy.minorMaxAward) points"))
        for step in policy.awardTable {
            #expect(assurance.contains("\(step.minimumExperience) \(step.maximumAward)"), "award row \(step)")
        }
        let cp = Self.text(try harness.page("policies/cp.html"))
        #expect(Self.numbers(before: "days (never above", in: cp) == [policy.smimeDaysHigh])
        #expect(cp.contains("never above \(policy.smimeDaysCeiling)"))
        #expect(cp.contains("code signing \(policy.codeSigningMaxDays) days"))
        #expect(cp.contains("valid for \(policy.probeLifetimeHours) hours"))
        #expect(cp.contains("reused for \(policy.emailValidationReuseDays) days"))
        #expect(cp.contains("nextUpdate 7 days ahead"))
        for step in policy.tlsLifetimeTable {
            #expect(cp.contains("\(step.maximumDays) days \(step.defaultDays) days"), "TLS row \(step)")
        }
        let join = Self.text(try harness.page("help/join.html"))
        #expect(join.contains("valid for \(policy.probeLifetimeHours) hours"))
        let csr = Self.text(try harness.page("help/csr.html"))
        #expect(
            csr.contains("valid \(policy.smimeDaysLow) days, or \(policy.smimeDaysHigh) from \(policy.nameMinPoints)")
        )
        for (path, text) in try harness.allText() where path.hasSuffix(".html") {
            #expect(!text.contains("{{"), "\(path) holds an unfilled placeholder")
        }
    }

    @Test func documentsFollowTheConfiguredPolicy() throws {
        let harness = try SiteHarness()
        let config = harness.data.appendingPathComponent("config.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "smime_days_high = 730", with: "smime_days_high = 700")
        try text.write(to: config, atomically: true, encoding: .utf8)
        try harness.build()
        let cp = Self.text(try harness.page("policies/cp.html"))
        #expect(Self.numbers(before: "days (never above", in: cp) == [700])
    }

    @Test func everyDocumentShowsItsVersionAndKeepsEarlierOnes() throws {
        let harness = try SiteHarness()
        try harness.build()
        for name in ["cp", "cps", "agreement", "assurance", "privacy", "disputes", "root-licence"] {
            let page = Self.text(try harness.page("policies/\(name).html"))
            #expect(page.contains("Version "), "\(name)")
            #expect(page.contains(", effective 20"), "\(name)")
        }
        let current = try harness.page("policies/cp.html")
        #expect(current.contains(#"<a href="cp-1.0.html">Version 1.0"#))
        let earlier = try harness.page("policies/cp-1.0.html")
        #expect(earlier.contains("This is an earlier version"))
        #expect(try harness.page("feed.xml").contains("<entry>"))
    }

    @Test func brokenInputNamesFileAndLineAndLeavesTheSiteAlone() throws {
        let harness = try SiteHarness()
        try harness.build()
        let before = try harness.snapshot()
        let templates = harness.directory.file("templates")
        try FileManager.default.createDirectory(
            at: templates.appendingPathComponent("site"),
            withIntermediateDirectories: true
        )
        try "<p>\n{{#member}}\n<b>{{name}}</b>\n".write(
            to: templates.appendingPathComponent("site/member.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let broken = try harness.vouch.run(["site", "build", "--out", harness.site.path, "--templates", templates.path])
        #expect(!broken.succeeded)
        #expect(broken.error.contains("site/member.mustache:"), "\(broken.transcript)")
        #expect(try harness.snapshot() == before)

        let content = harness.directory.file("content")
        try FileManager.default.createDirectory(
            at: content.appendingPathComponent("policies"),
            withIntermediateDirectories: true
        )
        try "---\ntitle: Broken\nversion 2\n---\nText\n".write(
            to: content.appendingPathComponent("policies/broken.md"),
            atomically: true,
            encoding: .utf8
        )
        let front = try harness.vouch.run(["site", "build", "--out", harness.site.path, "--content", content.path])
        #expect(!front.succeeded)
        #expect(front.error.contains("policies/broken.md:3:"), "\(front.transcript)")
        #expect(try harness.snapshot() == before)
    }

    @Test func builtInTemplatesWorkFromAnyFolderAndOverrideFileByFile() throws {
        let elsewhere = try TemporaryDirectory("vouch-elsewhere")
        let vouch = ExternalTool(RepositoryPaths.vouchExecutable)
        let environment: [String: String?] = [
            "VOUCH_PASSPHRASE": SiteHarness.passphrase, "VOUCH_ROOT_PASSPHRASE": "site test root passphrase",
        ]
        let created = try vouch.run(
            [
                "init", "--name", "Elsewhere", "--mail-domain", "ca.example.org", "--base-url",
                "https://ca.example.org",
                "--root-key", "p384", "--data", "var",
            ],
            environment: environment,
            in: elsewhere.url
        )
        #expect(created.succeeded, "\(created.transcript)")
        let built = try vouch.run(["site", "build", "--data", "var"], environment: environment, in: elsewhere.url)
        #expect(built.succeeded, "\(built.transcript)")
        let footer = elsewhere.url.appendingPathComponent("Templates/site/footer.mustache")
        try FileManager.default.createDirectory(
            at: footer.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try "<footer><p>Operator's own footer</p></footer>\n".write(to: footer, atomically: true, encoding: .utf8)
        let overridden = try vouch.run(["site", "build", "--data", "var"], environment: environment, in: elsewhere.url)
        #expect(overridden.succeeded, "\(overridden.transcript)")
        let index = try String(contentsOf: elsewhere.url.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(index.contains("Operator's own footer"))
        #expect(index.contains("Join in three steps"))
        // The robot's mail templates come from the same library.
        let delivered = try vouch.run(
            ["deliver", "--data", "var"],
            input: Array(
                "From: a@example.org\nTo: register@ca.example.org\nSubject: hi\n\nName: A Example\nDate-Of-Birth: 1980-04-01\n"
                    .utf8
            ),
            environment: environment,
            in: elsewhere.url
        )
        #expect(delivered.succeeded, "\(delivered.transcript)")
        let jobs = try vouch.run(["jobs", "run", "--data", "var"], environment: environment, in: elsewhere.url)
        #expect(jobs.succeeded, "\(jobs.transcript)")
        let outbox = elsewhere.url.appendingPathComponent("var/mail/outbox/new")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).count == 1)
    }
}
