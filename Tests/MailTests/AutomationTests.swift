import Mail
import Testing

/// RFC 3834 loop safety: which corpus messages count as sent by a program.
@Suite struct AutomationTests {
    @Test(
        arguments: [
            ("auto-replied.eml", "Auto-Submitted"),
            ("bounce.eml", "Auto-Submitted"),
            ("postmaster-bounce.eml", "delivery status"),
            ("list-mail.eml", "List-Id"),
            ("precedence-bulk.eml", "Precedence: bulk"),
            ("x-autoreply.eml", "X-Autoreply"),
            ("outlook-oof.eml", "X-Auto-Response-Suppress"),
        ]
    )
    func automated(_ name: String, _ reason: String) throws {
        let mail = try MIMEParser.parse(try Corpus.bytes(name))
        #expect(mail.isAutomated)
        #expect(mail.automationReason?.contains(reason) == true, "\(mail.automationReason ?? "nil")")
    }

    @Test(arguments: ["plain-utf8.eml", "postmaster-human.eml", "rfc2047-latin1.eml", "attachments-rfc2231.eml"])
    func fromAPerson(_ name: String) throws {
        let mail = try MIMEParser.parse(try Corpus.bytes(name))
        #expect(!mail.isAutomated, "\(mail.automationReason ?? "")")
    }

    @Test(
        arguments: [
            ("Return-Path: <>\n", true),
            ("Return-Path: \n", true),
            ("Return-Path: <a@example.org>\n", false),
            ("Auto-Submitted: no\n", false),
            ("Auto-Submitted: No ; comment\n", false),
            ("Auto-Submitted: auto-generated\n", true),
            ("From: Mailer-Daemon@example.org\n", true),
            ("From: MAILER-DAEMON (Mail Delivery System) <mailer-daemon@example.org>\n", true),
            ("Precedence: junk\n", true),
            ("Precedence: first-class\n", false),
            ("List-Unsubscribe: <mailto:x@example.org>\n", true),
        ]
    )
    func singleSigns(_ header: String, _ automated: Bool) throws {
        let mail = try MIMEParser.parse(Array((header + "Subject: x\n\nbody\n").utf8))
        #expect(mail.isAutomated == automated)
    }

    @Test func bounceDetails() throws {
        let mail = try MIMEParser.parse(try Corpus.bytes("bounce.eml"))
        #expect(mail.returnPath == "")
        #expect(mail.from?.mailbox == "mailer-daemon@mta-test.invalid")
        #expect(mail.from?.displayName == "Mail Delivery System")
        #expect(mail.originalRecipient == "probe-bounces@ca.example.org")
        let original = try #require(mail.parts.first { $0.contentType.mimeType == "message/rfc822" })
        #expect(original.children.first?.header("Subject") == "Please confirm")
        #expect(mail.textBody?.hasPrefix("This is the mail system") == true)
    }
}
