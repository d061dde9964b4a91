import Authority
import Foundation
import Mail
import Mustache
import Site

/// Composes the robot's mail from `Templates/mail/NAME.mustache` and writes it into the outbox.
///
/// A template starts with a `Subject:` line and a blank line, then the body; it declares
/// `{{% CONTENT_TYPE: TEXT}}` so member-supplied text is not HTML-escaped (mail is plain text, and
/// header fields are guarded against CR/LF by `OutgoingMessage`).
struct RobotMail {
    let context: JobContext
    let outbox: Maildir

    init(context: JobContext) throws {
        self.context = context
        outbox = Maildir(url: context.authority.directory.outbox)
        try outbox.createLayout()
    }

    var configuration: CAConfiguration { context.authority.configuration }

    /// The robot's own address, which every reply comes from.
    var robotAddress: Address {
        Address(mailbox: "robot@\(configuration.mailDomain)", displayName: "\(configuration.name) robot")
    }

    /// Renders `template` with `values` (plus the CA's name, mail domain and base URL) and queues it.
    func send(
        _ template: String,
        to recipient: String,
        values: [String: Any],
        replyTo: Address? = nil,
        inReplyTo: String? = nil
    ) throws {
        // Member-supplied text is shown as it is, but never with control characters: a line break
        // in a subject must not become a new header line or a forged paragraph.
        var all = values.mapValues { value -> Any in
            guard let text = value as? String else { return value }
            return String(
                String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 })
            )
        }
        all["caName"] = configuration.name
        all["mailDomain"] = configuration.mailDomain
        all["baseURL"] = configuration.baseURL
        let text = try render(template, all)
        let (subject, body) = Self.split(text)
        let message = OutgoingMessage(
            from: robotAddress,
            to: [try Address.parse(recipient)],
            subject: subject,
            body: body,
            replyTo: replyTo,
            inReplyTo: inReplyTo?.isEmpty == false ? inReplyTo : nil,
            autoSubmitted: .autoReplied
        )
        _ = try outbox.deliver(try message.render(date: context.now, messageIDDomain: configuration.mailDomain))
    }

    private func render(_ name: String, _ values: [String: Any]) throws -> String {
        let library = TemplateLibrary.templates(overriding: URL(fileURLWithPath: configuration.site.templates))
        let (text, origin) = try library.text("mail/\(name).mustache")
        do {
            return try MustacheTemplate(string: text).render(values)
        } catch {
            throw AuthorityError(.invalidConfiguration, "the mail template \(origin) does not parse: \(error)")
        }
    }

    private static func split(_ text: String) -> (String, String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
        guard let first = lines.first, first.hasPrefix("Subject:") else { return ("Message from the CA", text) }
        let subject = first.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
        let body = lines.dropFirst().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: "\n")
        return (subject, body)
    }
}
