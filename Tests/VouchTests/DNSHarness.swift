import Foundation
import Mail
import Testing
import VouchTestSupport

/// A robot CA whose `[dns]` points at a test nameserver on 127.0.0.1 (or at one that never
/// answers), trusting only the test zones' own key.
extension RobotHarness {
    func useResolver(_ address: String, trustAnchor: String, timeoutSeconds: Int = 2) throws {
        let file = vouch.data.appendingPathComponent("config.toml")
        var text = try String(contentsOf: file, encoding: .utf8)
        for (old, new) in [
            ("resolver = \"\"", "resolver = \"\(address)\""),
            ("trust_anchor = \"/usr/share/dns/root.key\"", "trust_anchor = \"\(trustAnchor)\""),
            ("timeout_seconds = 10", "timeout_seconds = \(timeoutSeconds)"),
        ] {
            #expect(text.contains(old), "config.toml has no line \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        // The test zones live under a made-up top-level domain; the CA learns of it as it learns of
        // real ones, from its Public Suffix List: Debian's, plus that one line.
        let list = vouch.data.appendingPathComponent("public-suffix-list.dat")
        let debian = try String(contentsOfFile: "/usr/share/publicsuffix/public_suffix_list.dat", encoding: .utf8)
        try Data(
            debian.replacingOccurrences(of: "// ===END ICANN DOMAINS===", with: "vouchtest\n// ===END ICANN DOMAINS===")
                .utf8
        ).write(to: list)
        text = text.replacingOccurrences(
            of: "public_suffix_list = \"/usr/share/publicsuffix/public_suffix_list.dat\"",
            with: "public_suffix_list = \"\(list.path)\""
        )
        try Data(text.utf8).write(to: file)
    }

    func use(_ server: TestNameServer, timeoutSeconds: Int = 2) throws {
        try useResolver(server.address, trustAnchor: server.trustAnchorFile, timeoutSeconds: timeoutSeconds)
    }

    /// Sends `domain@` with `body` from `sender` and runs the robot.
    func askForDomain(_ body: String, from sender: String = "alice@example.org") throws {
        try deliver("From: \(sender)\nTo: domain@ca.example.org\nSubject: domain\n\n\(body)\n")
        try runJobs()
    }

    /// The value a `dns-challenge` mail asks to publish, from its `IN TXT "…"` line.
    static func challengeValue(_ message: MailMessage) -> String? {
        guard let body = message.textBody,
            let line = body.split(separator: "\n").first(where: { $0.contains("IN  TXT") })
        else { return nil }
        return line.split(separator: "\"").dropFirst().first.map(String.init)
    }

    func sql(_ query: String) throws -> String {
        try ExternalTool.sqlite3.run([vouch.data.appendingPathComponent("vouch.sqlite").path, query]).output
    }
}
