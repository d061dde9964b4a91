import Foundation
import PKI
import Store
import Testing
import VouchTestSupport

/// A CA on a temporary data directory whose site is built by the real `vouch` binary. Members are
/// added straight into the registry, so a test can give them any name, however hostile.
final class SiteHarness {
    static let passphrase = "site test passphrase"
    let directory: TemporaryDirectory
    let vouch: VouchCLI
    let site: URL

    init(name: String = "Site Test") throws {
        directory = try TemporaryDirectory("vouch-site")
        vouch = VouchCLI(
            data: directory.file("var"),
            environment: [
                "VOUCH_PASSPHRASE": Self.passphrase, "VOUCH_ROOT_PASSPHRASE": "site test root passphrase",
            ]
        )
        site = directory.file("site")
        let created = try vouch.run([
            "init", "--name", name, "--mail-domain", "ca.example.org", "--base-url", "https://ca.example.org",
            "--root-key", "p384", "--site", site.path,
        ])
        #expect(created.succeeded, "\(created.transcript)")
    }

    var data: URL { vouch.data }

    /// The registry, opened by the test itself (no `vouch` process runs at the same time).
    func store() throws -> Store { try Store(path: data.appendingPathComponent("vouch.sqlite").path, actor: "test") }

    @discardableResult
    func addMember(_ name: String, email: String, birth: String = "1980-04-01") throws -> Member {
        let store = try store()
        let member = try store.addMember(name: name, dateOfBirth: birth, primaryEmail: email)
        try store.verifyEmail(email, method: "probe-reply")
        return member
    }

    /// `vouch site build`, expected to succeed; returns its summary line.
    @discardableResult
    func build(_ extra: [String] = []) throws -> String {
        let result = try vouch.run(["site", "build", "--out", site.path] + extra)
        #expect(result.succeeded, "\(result.transcript)")
        return result.output
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    func memberPage(_ email: String) throws -> String {
        let member = try #require(try store().member(byEmail: email))
        return try page("members/\(member.statusPageID).html")
    }

    /// Every file of the site by path: its SHA-256, modification time and inode.
    func snapshot() throws -> [String: FileState] {
        try SiteHarness.snapshot(of: site)
    }

    struct FileState: Hashable {
        var sha256: String
        var modified: Date
        var inode: UInt64
    }

    static func snapshot(of folder: URL) throws -> [String: FileState] {
        var files: [String: FileState] = [:]
        let base = folder.resolvingSymlinksInPath().path
        let walker = FileManager.default.enumerator(atPath: base)
        while let path = walker?.nextObject() as? String {
            let full = base + "/" + path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
            files[path] = FileState(
                sha256: Digest.sha256(bytes).hex,
                modified: attributes[.modificationDate] as? Date ?? .distantPast,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            )
        }
        return files
    }

    /// Every text file of the site, for searches.
    func allText() throws -> [(path: String, text: String)] {
        try snapshot().keys.sorted().map { path in
            (path, String(decoding: try Data(contentsOf: site.appendingPathComponent(path)), as: UTF8.self))
        }
    }
}

/// One `vouch demo` site per test process, judged by the real tools.
final class DemoSite: Sendable {
    let directory: TemporaryDirectory
    let vouch: VouchCLI
    let site: URL
    let run: ExternalTool.Result

    static let shared = try! DemoSite()

    private init() throws {
        directory = try TemporaryDirectory("vouch-site-demo")
        vouch = VouchCLI(data: directory.file("var"))
        site = directory.file("site")
        run = try vouch.run(["demo", "--out", site.path])
    }

    func statusPageID(of email: String) throws -> String? {
        // Two tests may read at once; the busy timeout waits out the other's WAL recovery.
        let result = try ExternalTool.sqlite3.run([
            "-cmd", ".timeout 10000", vouch.data.appendingPathComponent("vouch.sqlite").path,
            "SELECT status_page_id FROM members WHERE primary_email = '\(email)'",
        ])
        #expect(result.succeeded, "\(result.transcript)")
        return result.output.split(separator: "\n").first.map(String.init)
    }

    func statusPageIDs() throws -> [String] {
        let result = try ExternalTool.sqlite3.run([
            "-cmd", ".timeout 10000", vouch.data.appendingPathComponent("vouch.sqlite").path,
            "SELECT status_page_id FROM members ORDER BY id",
        ])
        #expect(result.succeeded, "\(result.transcript)")
        return result.output.split(separator: "\n").map(String.init)
    }
}
