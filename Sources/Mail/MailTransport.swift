/// Where rendered outgoing mail goes: the Maildir outbox (the default) or the local MTA's sendmail(8).
package protocol MailTransport: Sendable {
    /// Hands over one rendered message (CRLF line endings, as `OutgoingMessage.render` makes them).
    ///
    /// `envelopeRecipients` are the addresses the message is for; a transport that reads them from the
    /// headers (sendmail -t) may ignore them.
    func send(_ message: [UInt8], envelopeRecipients: [String]) throws
}
