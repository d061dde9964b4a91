import Authority
import Failure
import Foundation
import Mail
import Mustache
import Site
import Store

/// Whom a robot mail goes to, which decides what it may say and how many it may get.
enum MailRecipient: Sendable {
    /// A verified address of a member: the mail may quote what the member wrote.
    case member(Member, address: String)
    /// Anyone else, including a sender whose address may be forged: nothing that sender chose (subject,
    /// name, body text) may appear in the mail, so the robot cannot be used to carry a stranger's words.
    /// `language` is the one the request asked for or its headers suggested (nil: the default).
    case stranger(String, language: String? = nil)

    var address: String {
        switch self {
        case .member(_, let address): return address
        case .stranger(let address, _): return address
        }
    }

    /// The language the mail is written in, if not the CA's default.
    var language: String? {
        switch self {
        case .member(let member, _): return member.language
        case .stranger(_, let language): return language
        }
    }

    var isMember: Bool {
        if case .member = self { return true }
        return false
    }
}

/// The kinds of mail the robot counts against its limits.
enum MailPurpose: String {
    /// A verification mail with a token.
    case probe
    /// An answer to a request (a rejection, a result, help).
    case reply
    /// Mail not caused by a message (an expiry notice).
    case notice
}

/// A limit the robot would pass by sending one more mail.
struct RobotLimit: VouchFailure {
    let reason: String
    var failureCode: String { "limit" }
    var description: String { reason }
}

/// Composes the robot's mail from `Templates/mail/NAME.mustache` and queues it in the registry, in the
/// transaction of the change it reports; `flush` then writes the queue into the outbox.
///
/// A template starts with a `Subject:` line and a blank line, then the body; it declares
/// `{{% CONTENT_TYPE: TEXT}}` so member-supplied text is not HTML-escaped (mail is plain text, and
/// header fields are guarded against CR/LF by `OutgoingMessage`).
struct RobotMail: Sendable {
    let context: JobContext
    let outbox: Maildir

    init(context: JobContext) throws {
        self.context = context
        outbox = Maildir(url: context.authority.directory.outbox)
        try outbox.createLayout()
    }

    var configuration: CAConfiguration { context.authority.configuration }
    var store: Store { context.authority.store }

    /// The robot's own address, which every reply comes from, with its name in the mail's language.
    func robotAddress(_ messages: MessageCatalog) -> Address {
        Address(
            mailbox: "robot@\(configuration.mailDomain)",
            displayName: messages.text("mail.robotName", ["caName": configuration.name])
        )
    }

    /// The templates and messages of the language `recipient`'s mail is written in: the member's or
    /// the request's if the CA speaks it, else the CA's default.
    func language(for recipient: MailRecipient) throws -> MailLanguage {
        let site = configuration.site
        return try MailTemplates.shared.set(
            overriding: URL(fileURLWithPath: site.templates),
            language: SiteSettings.translationFolder(site.locale(of: recipient.language))
        )
    }

    /// The locale `recipient`'s mail is written in.
    func locale(for recipient: MailRecipient) -> String { configuration.site.locale(of: recipient.language) }

    /// Template values a stranger never chose: what the robot itself computed or validated.
    static let robotValues: Set<String> = [
        "caName", "mailDomain", "baseURL", "link", "hours", "code", "address", "domain", "requester", "what",
        "items", "several", "reason", "minor", "serial", "notAfter", "profile", "days", "names", "record",
        "value", "expires", "signatureProblem", "kind",
    ]

    /// Values that hold a reason in the robot's English words, translated by `reasons.txt`.
    static let reasonValues: Set<String> = ["reason", "signatureProblem"]

    /// Renders `template` with `values` (plus the CA's name, mail domain and base URL) and queues it.
    /// Throws `RobotLimit` when the recipient, its domain or the robot as a whole has had its share.
    @discardableResult
    func queue(
        _ template: String,
        to recipient: MailRecipient,
        values: [String: Any],
        purpose: MailPurpose,
        requestID: Int64?,
        replyTo: Address? = nil,
        inReplyTo: String? = nil,
        attachments: [Attachment] = []
    ) throws -> QueuedMail {
        try checkLimits(recipient, purpose: purpose)
        let bytes = try render(
            template,
            to: recipient,
            values: values,
            replyTo: replyTo,
            inReplyTo: recipient.isMember ? inReplyTo : nil,
            attachments: attachments
        )
        return try queue(rendered: bytes, to: recipient, purpose: purpose, requestID: requestID, checked: true)
    }

    /// Queues a message already rendered (by `render`, perhaps on another thread), within the same
    /// limits as `queue`.
    @discardableResult
    func queue(
        rendered bytes: [UInt8],
        to recipient: MailRecipient,
        purpose: MailPurpose,
        requestID: Int64?,
        checked: Bool = false
    ) throws -> QueuedMail {
        if !checked { try checkLimits(recipient, purpose: purpose) }
        return try store.queueMail(
            requestID: requestID,
            recipient: recipient.address,
            recipientKey: Address.limitKey(recipient.address),
            recipientDomain: Address.domain(of: recipient.address),
            purpose: purpose.rawValue,
            message: Data(bytes)
        )
    }

    /// The finished message, for `queue` and for re-rendering a mail that gained content.
    func render(
        _ template: String,
        to recipient: MailRecipient,
        values: [String: Any],
        replyTo: Address? = nil,
        inReplyTo: String? = nil,
        attachments: [Attachment] = []
    ) throws -> [UInt8] {
        let language = try language(for: recipient)
        var all: [String: Any] = [:]
        for (key, value) in values where recipient.isMember || Self.robotValues.contains(key) {
            // The robot's own words about a request, in the mail's language.
            if Self.reasonValues.contains(key), let reason = value as? String {
                all[key] = Self.flattened(language.reasons.translate(reason))
            } else {
                all[key] = Self.flattened(value)
            }
        }
        all["caName"] = configuration.name
        all["mailDomain"] = configuration.mailDomain
        all["baseURL"] = configuration.baseURL
        let text = try language.templates.render(template, all, folder: "mail")
        let (subject, body) = Self.split(text, defaultSubject: language.messages.text("mail.defaultSubject"))
        let message = OutgoingMessage(
            from: robotAddress(language.messages),
            to: [try Address.parse(recipient.address)],
            subject: subject,
            body: body,
            replyTo: replyTo,
            inReplyTo: inReplyTo?.isEmpty == false ? inReplyTo : nil,
            attachments: attachments,
            autoSubmitted: .autoReplied,
            language: locale(for: recipient)
        )
        return try message.render(date: context.now, messageIDDomain: configuration.mailDomain)
    }

    /// Member-supplied text is shown as it is, but never with a line break or an invisible character:
    /// a CR, LF, NEL (U+0085), LINE or PARAGRAPH SEPARATOR (U+2028, U+2029) or other control becomes a
    /// space, so no subject can start a forged header or paragraph; format characters (zero-width,
    /// bidirectional overrides) are dropped, so no text can display as something else.
    static func flattened(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(flattened) }
        if let object = value as? [String: Any] { return object.mapValues(flattened) }
        guard let text = value as? String else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: scalars.append(" ")
            case .format: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The limits, in order: the robot's global cap, the recipient's domain, the recipient's mailbox
    /// (case and `+tag` folded; a verified member gets more), and for probes the probe limit.
    private func checkLimits(_ recipient: MailRecipient, purpose: MailPurpose) throws {
        let settings = configuration.mail
        let since = context.now.addingTimeInterval(-86_400)
        let key = Address.limitKey(recipient.address)
        let domain = Address.domain(of: recipient.address)
        if try store.mailCount(since: since, upTo: settings.mailPerDay) >= settings.mailPerDay {
            throw RobotLimit(reason: "the robot has sent its \(settings.mailPerDay) mails for today")
        }
        if try store.mailCount(domain: domain, since: since, upTo: settings.domainMailPerDay)
            >= settings.domainMailPerDay
        {
            throw RobotLimit(reason: "addresses at \(domain) have had \(settings.domainMailPerDay) mails from us today")
        }
        let perRecipient = recipient.isMember ? settings.memberMailPerDay : settings.repliesPerDay
        if try store.mailCount(recipientKey: key, since: since, upTo: perRecipient) >= perRecipient {
            throw RobotLimit(reason: "\(recipient.address) has had \(perRecipient) mails from us in 24 hours")
        }
        if purpose == .probe {
            let probes = recipient.isMember ? settings.memberProbesPerDay : settings.probesPerDay
            if try store.mailCount(recipientKey: key, purpose: MailPurpose.probe.rawValue, since: since, upTo: probes)
                >= probes
            {
                throw RobotLimit(
                    reason:
                        "\(recipient.address) has had \(probes) confirmation requests from us in the last 24 hours; to protect that mailbox, try again tomorrow"
                )
            }
        }
    }

    /// Writes every queued mail into the outbox, each under a name of its own so a rerun after a crash
    /// never writes one twice, then drops its text from the registry.
    @discardableResult
    func flush() throws -> Int {
        var written = 0
        while true {
            let batch = try store.unwrittenMail(limit: 200)
            if batch.isEmpty { return written }
            // Each delivery waits on its own fsync: on every core at once.
            let outbox = self.outbox
            let delivered = ParallelMap.run(batch, workers: ProcessInfo.processInfo.activeProcessorCount) {
                mail -> Result<Void, Error> in
                Result {
                    guard let message = mail.message else { return }
                    // Zero-padded, so the outbox lists mail in the order it was decided.
                    let name =
                        "vouch-mail-" + String(repeating: "0", count: max(0, 12 - String(mail.id).count))
                        + String(mail.id)
                    try outbox.deliver(Array(message), uniqueName: name)
                }
            }
            for result in delivered { try result.get() }
            // Marked together once all are in the outbox: a run killed before this writes them again
            // under the same names, which the outbox keeps only once.
            try store.transaction {
                for mail in batch { try store.markMailWritten(id: mail.id, at: context.now) }
            }
            written += batch.count
        }
    }

    private static func split(_ text: String, defaultSubject: String) -> (String, String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
        guard let first = lines.first, first.hasPrefix("Subject:") else { return (defaultSubject, text) }
        let subject = first.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
        let body = lines.dropFirst().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: "\n")
        return (subject, body)
    }
}
