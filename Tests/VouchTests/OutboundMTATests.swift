import Foundation
import Mail
import Testing
import VouchTestSupport

/// The outbound job with the sendmail transport, through a real Postfix on this machine
/// (scripts/mta.sh: a private instance that delivers to a local Maildir and nowhere else).
@Suite(.serialized) struct OutboundMTATests {
    @Test(.timeLimit(.minutes(10)))
    func probeReachesAMailboxThroughPostfix() throws {
        try #require(getuid() == 0, "run `make test` as root: the private Postfix instance needs it")
        let mta = ExternalTool(RepositoryPaths.root.appendingPathComponent("scripts/mta.sh"))
        let spool = URL(fileURLWithPath: "/tmp/vouch-outbound-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(
            at: spool,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        defer {
            _ = try? mta.run(["stop", spool.path])
            try? FileManager.default.removeItem(at: spool)
        }
        let started = try mta.run(["start", spool.path])
        try #require(started.succeeded, "\(started.transcript)")

        let directory = try TemporaryDirectory("vouch-outbound")
        let vouch = VouchCLI(
            data: directory.file("var"),
            environment: [
                "VOUCH_PASSPHRASE": "outbound test passphrase",
                "VOUCH_ROOT_PASSPHRASE": "outbound test root passphrase",
                "MAIL_CONFIG": spool.appendingPathComponent("etc").path,
            ]
        )
        let created = try vouch.run([
            "init", "--name", "Outbound Test", "--mail-domain", "ca.example.org", "--base-url",
            "https://ca.example.org",
            "--root-key", "p384", "--site", directory.file("site").path, "--mail-transport", "sendmail",
        ])
        try #require(created.succeeded, "\(created.transcript)")
        let delivered = try vouch.run(
            ["deliver"],
            input: Array(
                "From: Someone <someone@example.net>\nTo: register@ca.example.org\nSubject: join\n\nName: Some One\nDate-Of-Birth: 1988-08-08\n"
                    .utf8
            )
        )
        #expect(delivered.succeeded, "\(delivered.transcript)")
        let run = try vouch.run(["jobs", "run", "-v", "intake", "requests", "outbound"])
        #expect(run.succeeded && run.output.contains("1 messages handed to"), "\(run.transcript)")
        #expect(try mta.run(["drain", spool.path]).succeeded)

        let mailbox = spool.appendingPathComponent("Maildir/new")
        let files = try FileManager.default.contentsOfDirectory(atPath: mailbox.path)
        let messages = try files.map {
            try MIMEParser.parse(Array(try Data(contentsOf: mailbox.appendingPathComponent($0))))
        }
        let probe = try #require(messages.first { $0.header("Delivered-To") == "someone@example.net" })
        #expect(probe.subject?.contains("Confirm your registration") == true)
        #expect(probe.replyTo.first?.mailbox.hasPrefix("verify+") == true)
        // Handed over once: the outbox copy moved to cur/, so the next run sends nothing again.
        let second = try vouch.run(["jobs", "run", "-v", "outbound"])
        #expect(second.output.contains("0 messages handed to"), "\(second.transcript)")
    }
}
