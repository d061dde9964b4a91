import Foundation
import Mail
import Testing
import VouchTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The sendmail transport through a real MTA: a private Postfix instance (scripts/mta.sh, recipe in
/// shared/recipes/real-mta.md) that delivers to a local Maildir and nowhere else.
@Suite struct RealMTATests {
    /// The private Postfix instance of shared/recipes/real-mta.md.
    private let mta = ExternalTool(RepositoryPaths.root.appendingPathComponent("scripts/mta.sh"))

    private static let needsRoot =
        "The real-MTA test must run as root: scripts/mta.sh installs Postfix and runs a private instance, "
        + "and postdrop accepts a private configuration directory only from root. Run `make test` as root."

    @Test(.timeLimit(.minutes(10)))
    func sendmailDeliversThroughPostfix() throws {
        guard getuid() == 0 else {
            Issue.record("\(Self.needsRoot)")
            return
        }
        // Not under a 0700 mktemp parent: the postfix daemons and the delivery user must reach it.
        let directory = URL(fileURLWithPath: "/tmp/vouch-mta-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(
            at: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        defer {
            _ = try? mta.run(["stop", directory.path])
            try? FileManager.default.removeItem(at: directory)
        }

        let started = try mta.run(["start", directory.path])
        try #require(started.succeeded, "mta.sh start failed: \(started.transcript)")

        let subject = "Bestätigung \(UUID().uuidString)"
        let message = OutgoingMessage(
            from: Address(mailbox: "register@ca.example.org", displayName: "Vouch"),
            to: [Address(mailbox: "someone@example.net", displayName: "Some One")],
            subject: subject,
            body: "Reply to confirm.\nName: Zoë\n.\n" + String(repeating: "long ", count: 300) + "\n",
            replyTo: Address(mailbox: "verify+abcdefghijklmnopqrstuvwxyz@ca.example.org")
        )
        let rendered = try message.render(date: Date(), messageIDDomain: "ca.example.org")
        let transport = SendmailTransport(
            environment: ["MAIL_CONFIG": directory.appendingPathComponent("etc").path],
            envelopeSender: "ca@ca.example.org"
        )
        try transport.send(rendered, envelopeRecipients: message.envelopeRecipients)

        let drained = try mta.run(["drain", directory.path])
        try #require(drained.succeeded, "mta.sh drain failed: \(drained.transcript)")
        let maildir = Maildir(url: directory.appendingPathComponent("Maildir"))
        var delivered: MailMessage?
        // The queue is empty once drain returns; allow a moment for virtual(8) to finish the file.
        for _ in 0..<50 {
            for url in try maildir.pending() {
                let mail = try MIMEParser.parse(try maildir.read(url))
                if mail.subject == subject { delivered = mail }
            }
            if delivered != nil { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let mail = try #require(delivered, "no message with the subject in \(maildir.new.path)")
        #expect(mail.originalRecipient == "someone@example.net")
        #expect(mail.returnPath == "ca@ca.example.org")
        #expect(mail.replyTo.first?.mailbox == "verify+abcdefghijklmnopqrstuvwxyz@ca.example.org")
        #expect(mail.textBody == "Reply to confirm.\nName: Zoë\n.\n" + String(repeating: "long ", count: 300) + "\n")
        #expect(mail.header("Auto-Submitted") == "auto-replied")
    }
}
