import Authority
import Foundation
import Mail
import PKI

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

    /// Delivers a message signed (S/MIME, multipart/signed) with `certificate`'s key, as a mail client would.
    func sendSigned(from: String, to robot: String, body: String, certificate: Certificate, key: PrivateKey) throws {
        let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\n\(body)".utf8)
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        let header =
            "From: \(from)\r\nTo: \(robot)\(mailDomain)\r\nSubject: signed request\r\nMessage-ID: <\(UUID().uuidString)@example.org>\r\nMIME-Version: 1.0\r\n"
        _ = try inbox.deliver(Array(header.utf8) + signed)
    }

    /// Mails a CSR to csr@ for `profile`, as the member's software would.
    func sendRequest(_ csr: CertificateSigningRequest, profile: CertificateProfile, from member: String) throws {
        try send(
            from: member,
            to: "csr@",
            body: "Profile: \(profile.name)\n\n\(try csr.pem)",
            subject: "certificate request"
        )
    }

    /// Runs the robot, answers the confirmations it sent, and runs it again so the CSR job issues.
    func confirmAndIssue() throws {
        try runRobot()
        try answerProbes()
        try runRobot()
    }

    /// Runs intake, the request handlers and the CSR job once.
    func runRobot() throws {
        let outcomes = try JobRunner(jobs: [IntakeJob(), RequestsJob(), IssuanceJob()]).run(
            [],
            dueOnly: false,
            context: JobContext(authority: authority, now: now)
        )
        if let failed = outcomes.first(where: { !$0.succeeded }) {
            throw AuthorityError(.refused, "the \(failed.job) job failed in the demo: \(failed.detail)")
        }
    }

    /// Replies to every probe still waiting in the outbox, as its recipient, with the confirmation
    /// code in the reply's own text, then runs the robot so the confirmations are processed. Answered
    /// probes are moved to `cur/`.
    func answerProbes() throws {
        var answered = 0
        for file in try outbox.pending() {
            let message = try MIMEParser.parse(try outbox.read(file))
            guard let confirm = message.replyTo.first?.mailbox, confirm.hasPrefix("verify+"),
                let recipient = message.to.first?.mailbox
            else { continue }
            // "verify+TOKEN@" is a robot address like any other.
            let local = String(confirm.prefix { $0 != "@" })
            let token = String(local.dropFirst("verify+".count))
            try send(
                from: recipient,
                to: "\(local)@",
                body: "Yes, this is me: \(ProbeToken.code(for: token))\n",
                subject: "Re: confirmation"
            )
            _ = try outbox.markProcessed(file)
            answered += 1
        }
        if answered > 0 { try runRobot() }
    }

    /// Answers every Assurer Challenge waiting in the outbox, as its recipient: right answers from
    /// the bank, or for the members in `failing` a wrong option to every question. Returns each
    /// member's grade as the result mail's subject states it.
    func answerChallenges(bank: ChallengeBank, failing: Set<String>) throws -> [String: String] {
        var answered: [String] = []
        for file in try outbox.pending() {
            let message = try MIMEParser.parse(try outbox.read(file))
            guard let answerTo = message.replyTo.first?.mailbox, answerTo.hasPrefix("challenge+"),
                let recipient = message.to.first?.mailbox,
                let member = try authority.store.member(byEmail: recipient),
                let attempt = try authority.store.challengeAttempts(forMember: member.id).last(where: {
                    $0.gradedAt == nil
                })
            else { continue }
            let lines = attempt.questions.enumerated().compactMap { index, id -> String? in
                guard let question = bank.question(id: id) else { return nil }
                let letter =
                    failing.contains(recipient)
                    ? question.options.first { $0.letter != question.answer }!.letter : question.answer
                return "\(index + 1): \(letter)"
            }
            try send(
                from: recipient,
                to: String(answerTo.prefix { $0 != "@" }) + "@",
                body: lines.joined(separator: "\n") + "\n",
                subject: "Re: \(message.subject ?? "")"
            )
            _ = try outbox.markProcessed(file)
            answered.append(recipient)
        }
        guard !answered.isEmpty else { return [:] }
        try runRobot()
        var grades: [String: String] = [:]
        for file in try outbox.pending() {
            let message = try MIMEParser.parse(try outbox.read(file))
            guard let recipient = message.to.first?.mailbox, answered.contains(recipient),
                let subject = message.subject, subject.hasPrefix("Assurer Challenge:")
            else { continue }
            grades[recipient] = String(subject.dropFirst("Assurer Challenge:".count)).trimmingCharacters(
                in: .whitespaces
            )
        }
        return grades
    }
}
