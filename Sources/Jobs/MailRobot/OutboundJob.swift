import Authority
import Foundation
import Mail

/// Delivers the outbox. With the default `maildir` transport the outbox is the hand-off point
/// (any MTA or mail client can take the messages from it) and there is nothing to do; with
/// `sendmail` each message goes to `sendmail -t -oi` and leaves the outbox only once it was accepted,
/// so a failed hand-off is retried by the next run. Mail the transport has taken (in `cur/`) is deleted
/// after `mail.outbox_keep_days` (at once by default): probes carry tokens that should not linger.
package struct OutboundJob: Job {
    package let name = "outbound"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let settings = context.authority.configuration.mail
        let outbox = Maildir(url: context.authority.directory.outbox)
        try outbox.createLayout()
        let cutoff = context.now.addingTimeInterval(-TimeInterval(settings.outboxKeepDays) * 86_400)
        let pruned = try outbox.pruneProcessed(before: settings.outboxKeepDays == 0 ? .distantFuture : cutoff)
        guard settings.transport == "sendmail" else {
            return "outbox kept for pick-up (maildir transport)" + (pruned > 0 ? "; \(pruned) taken mails removed" : "")
        }
        let transport = SendmailTransport(executable: settings.sendmail)
        var sent = 0
        var failures: [String] = []
        for file in try outbox.pending() {
            let bytes = try outbox.read(file)
            let recipients = (try? MIMEParser.parse(bytes))?.to.map(\.mailbox) ?? []
            do {
                try transport.send(bytes, envelopeRecipients: recipients)
                if settings.outboxKeepDays == 0 {
                    try outbox.remove(file)
                } else {
                    try outbox.markProcessed(file)
                }
                sent += 1
            } catch {
                failures.append("\(file.lastPathComponent): \(Robot.reason(error))")
            }
        }
        guard failures.isEmpty else {
            throw AuthorityError(
                .io,
                "\(sent) sent, \(failures.count) left for the next run: \(failures.joined(separator: "; "))"
            )
        }
        return "\(sent) messages handed to \(settings.sendmail)"
    }
}
