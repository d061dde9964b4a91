import Authority
import Foundation
import Mail

/// The demo's stand-in for its members' mail clients: it writes their requests into the robot's
/// inbox (as `vouch deliver` does), runs the robot, and answers every probe the robot sent them by
/// replying to its `verify+TOKEN@` address.
struct DemoMailbox {
    let authority: CertificateAuthority
    let now: Date

    private var inbox: Maildir { Maildir(url: authority.directory.inbox) }
    private var outbox: Maildir { Maildir(url: authority.directory.outbox) }
    private var mailDomain: String { authority.configuration.mailDomain }

    /// Delivers a plain-text message from `from` to a robot address such as "register@".
    func send(from: String, to robot: String, body: String, subject: String = "demo") throws {
        let text =
            "From: \(from)\nTo: \(robot)\(mailDomain)\nSubject: \(subject)\nMessage-ID: <\(UUID().uuidString)@example.org>\n\n\(body)"
        _ = try inbox.deliver(Array(text.utf8))
    }

    /// Runs intake and the request handlers once.
    func runRobot() throws {
        let outcomes = try JobRunner(jobs: [IntakeJob(), RequestsJob()]).run(
            [],
            dueOnly: false,
            context: JobContext(authority: authority, now: now)
        )
        if let failed = outcomes.first(where: { !$0.succeeded }) {
            throw AuthorityError(.refused, "the \(failed.job) job failed in the demo: \(failed.detail)")
        }
    }

    /// Replies to every probe still waiting in the outbox, as its recipient, then runs the robot so
    /// the confirmations are processed. Answered probes are moved to `cur/`.
    func answerProbes() throws {
        var answered = 0
        for file in outbox.pending() {
            let message = try MIMEParser.parse(try outbox.read(file))
            guard let confirm = message.replyTo.first?.mailbox, confirm.hasPrefix("verify+"),
                let recipient = message.to.first?.mailbox
            else { continue }
            // "verify+TOKEN@" is a robot address like any other.
            let local = String(confirm.prefix { $0 != "@" })
            try send(from: recipient, to: "\(local)@", body: "Yes, this is me.\n", subject: "Re: confirmation")
            _ = try outbox.markProcessed(file)
            answered += 1
        }
        if answered > 0 { try runRobot() }
    }
}
