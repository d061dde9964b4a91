/// The outbox: outgoing mail delivered into a Maildir, for an operator's MTA to pick up or a test to read.
package struct MaildirTransport: MailTransport, Sendable {
    package let maildir: Maildir

    package init(maildir: Maildir) { self.maildir = maildir }

    package func send(_ message: [UInt8], envelopeRecipients: [String]) throws {
        for recipient in envelopeRecipients { try Address.validate(recipient) }
        try maildir.deliver(message)
    }
}
