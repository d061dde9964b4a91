import Foundation
import Mail
import Testing
import VouchTestSupport

/// The sendmail(8) transport against stand-in programs; the real MTA is in `RealMTATests`.
@Suite struct SendmailTransportTests {
    private let message = Array("To: jane@example.org\r\nSubject: hi\r\n\r\nline one\r\n.\r\nlone\rCR\r\n".utf8)

    /// A stand-in "sendmail": a shell script (a test fixture; the transport itself never runs a shell).
    private func script(_ folder: TemporaryDirectory, _ body: String) throws -> String {
        let path = folder.url.appendingPathComponent("fake-sendmail").path
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func passesMessageArgumentsAndEnvironment() throws {
        let folder = try TemporaryDirectory()
        let out = folder.url.appendingPathComponent("out").path
        let fake = try script(
            folder,
            "cat > '\(out).message'; printf '%s\\n' \"$@\" > '\(out).arguments'; echo \"$MAIL_CONFIG\" > '\(out).env'"
        )
        let transport = SendmailTransport(
            executable: fake,
            environment: ["MAIL_CONFIG": "/tmp/somewhere/etc"],
            envelopeSender: "ca@ca.example.org"
        )
        try transport.send(message, envelopeRecipients: ["jane@example.org"])
        let received = try Data(contentsOf: URL(fileURLWithPath: out + ".message"))
        #expect(
            String(decoding: received, as: UTF8.self) == "To: jane@example.org\nSubject: hi\n\nline one\n.\nlone\rCR\n"
        )
        let arguments = try String(contentsOfFile: out + ".arguments", encoding: .utf8)
        #expect(arguments == "-t\n-oi\n-f\nca@ca.example.org\n")
        #expect(try String(contentsOfFile: out + ".env", encoding: .utf8) == "/tmp/somewhere/etc\n")
    }

    @Test func theMTAInheritsOnlyAFixedPathAndItsOwnSettings() {
        let child = SendmailTransport.childEnvironment(inheriting: [
            "VOUCH_PASSPHRASE": "secret", "VOUCH_ROOT_PASSPHRASE": "root secret", "HOME": "/root",
            "PATH": "/home/someone/bin:/usr/bin", "MAIL_CONFIG": "/etc/postfix-vouch", "LD_PRELOAD": "/tmp/evil.so",
        ])
        #expect(child == ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "MAIL_CONFIG": "/etc/postfix-vouch"])
    }

    @Test func withoutDashTRecipientsFollowDoubleDash() throws {
        let folder = try TemporaryDirectory()
        let out = folder.url.appendingPathComponent("arguments").path
        let fake = try script(folder, "cat > /dev/null; printf '%s\\n' \"$@\" > '\(out)'")
        let transport = SendmailTransport(executable: fake, arguments: ["-oi"])
        try transport.send(message, envelopeRecipients: ["jane@example.org", "bob@example.org"])
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "-oi\n--\njane@example.org\nbob@example.org\n")
    }

    @Test func failureReportsStatusAndStderr() throws {
        let folder = try TemporaryDirectory()
        let fake = try script(folder, "echo 'sendmail: fatal: no recipients' >&2; exit 75")
        do {
            try SendmailTransport(executable: fake).send(message, envelopeRecipients: [])
            Issue.record("a failing sendmail was reported as success")
        } catch let error as MailError {
            #expect(error.code == "transport")
            #expect(error.reason.contains("75"))
            #expect(error.reason.contains("no recipients"))
        }
    }

    @Test func anMTAThatDoesNotReadItsInputIsNoProblem() throws {
        let folder = try TemporaryDirectory()
        let fake = try script(folder, "exit 0")
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        try SendmailTransport(executable: fake).send(big, envelopeRecipients: [])
    }

    @Test func missingExecutableIsATransportError() {
        do {
            try SendmailTransport(executable: "/nonexistent/sendmail").send(message, envelopeRecipients: [])
            Issue.record("no error")
        } catch let error as MailError {
            #expect(error.code == "transport")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["-oQ/tmp/evil", "jane@example.org\n-X/tmp/log", ""])
    func optionLikeOrBrokenRecipientsAreRefused(_ recipient: String) {
        #expect(throws: MailError.self) {
            try SendmailTransport(executable: "/bin/true").send(message, envelopeRecipients: [recipient])
        }
    }

    @Test func maildirTransportIsTheOutbox() throws {
        let folder = try TemporaryDirectory()
        let outbox = Maildir(url: folder.url.appendingPathComponent("outbox"))
        try MaildirTransport(maildir: outbox).send(message, envelopeRecipients: ["jane@example.org"])
        let pending = try outbox.pending()
        #expect(pending.count == 1)
        #expect(try outbox.read(pending[0]) == message)
    }
}
