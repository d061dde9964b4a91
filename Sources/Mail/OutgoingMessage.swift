import Foundation

/// A message Vouch sends: a probe, an answer, a certificate.
///
/// `render` refuses rather than repairs: a CR, LF or NUL in any header value or address is a header-injection
/// attempt (someone's "name" carrying `\r\nBcc: victim@…`) and fails with `header-injection`; addresses are
/// validated. The body may be any text: it is encoded so no line is cut or longer than RFC 5322 allows.
package struct OutgoingMessage: Sendable, Hashable {
    package var from: Address
    package var to: [Address]
    package var subject: String
    /// Plain text; LF or CRLF line endings.
    package var body: String
    package var replyTo: Address?
    /// The Message-ID being answered, with or without angle brackets.
    package var inReplyTo: String?
    package var references: [String]
    package var attachments: [Attachment]
    /// nil leaves the header out (mail written by a person, which Vouch does not send).
    package var autoSubmitted: AutoSubmitted?
    /// A fixed Message-ID (with or without angle brackets); nil for a fresh random one at each render.
    package var messageID: String?
    /// The language the text is written in (`de`), for `Content-Language` (RFC 3282); nil leaves it out.
    package var language: String?

    package init(
        from: Address,
        to: [Address],
        subject: String,
        body: String,
        replyTo: Address? = nil,
        inReplyTo: String? = nil,
        references: [String] = [],
        attachments: [Attachment] = [],
        autoSubmitted: AutoSubmitted? = .autoReplied,
        messageID: String? = nil,
        language: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.replyTo = replyTo
        self.inReplyTo = inReplyTo
        self.references = references
        self.attachments = attachments
        self.autoSubmitted = autoSubmitted
        self.messageID = messageID
        self.language = language
    }

    /// The recipients' addr-specs, for a transport's envelope.
    package var envelopeRecipients: [String] { to.map(\.mailbox) }

    /// The message in RFC 5322 form with CRLF line endings.
    ///
    /// `date` is passed in (no clock of our own, STYLE.md §7); `messageIDDomain` is the right-hand side of a
    /// generated Message-ID (RFC 5322 §3.6.4), normally the CA's mail domain.
    package func render(date: Date, messageIDDomain: String) throws -> [UInt8] {
        try Self.checkLine(subject, field: "Subject")
        try Self.checkLine(messageIDDomain, field: "the Message-ID domain")
        guard !to.isEmpty else { throw MailError.invalidHeader("To", "a message needs at least one recipient") }

        var headers = HeaderWriter()
        headers.add("Date", MailDate.format(date))
        headers.add("From", try Self.chunks(from, field: "From"))
        var recipients: [String] = []
        for (index, address) in to.enumerated() {
            var chunks = try Self.chunks(address, field: "To")
            if index < to.count - 1 { chunks[chunks.count - 1] += "," }
            if index > 0 { chunks[0] = " " + chunks[0] }
            recipients += chunks
        }
        headers.add("To", recipients)
        if let replyTo { headers.add("Reply-To", try Self.chunks(replyTo, field: "Reply-To")) }
        headers.add("Subject", Self.subjectChunks(subject))
        let identifier: String
        if let messageID {
            identifier = try Self.messageIDValue(messageID, field: "Message-ID")
        } else {
            try Address.validate("x@" + messageIDDomain)
            identifier = "<\(Self.randomToken())@\(messageIDDomain)>"
        }
        headers.add("Message-ID", identifier)
        if let inReplyTo { headers.add("In-Reply-To", try Self.messageIDValue(inReplyTo, field: "In-Reply-To")) }
        if !references.isEmpty {
            let ids = try references.map { try Self.messageIDValue($0, field: "References") }
            headers.add("References", ids.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element })
        }
        if let autoSubmitted { headers.add("Auto-Submitted", autoSubmitted.rawValue) }
        if let language {
            guard !language.isEmpty, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                throw MailError.invalidHeader("Content-Language", "'\(language)' is not a language tag")
            }
            headers.add("Content-Language", language)
        }
        headers.add("MIME-Version", "1.0")

        let (textHeaders, textBody) = Self.textPart(body)
        guard !attachments.isEmpty else {
            for (name, value) in textHeaders { headers.add(name, value) }
            return Array((headers.text + "\r\n" + textBody).utf8)
        }
        // "=_" cannot occur in base64 or quoted-printable output, so the boundary never collides with content.
        let boundary = "=_vouch_" + Self.randomToken()
        headers.add("Content-Type", ["multipart/mixed;", " boundary=\"\(boundary)\""])
        var output = headers.text + "\r\nThis is a MIME message.\r\n"
        output += "--\(boundary)\r\n"
        var part = HeaderWriter()
        for (name, value) in textHeaders { part.add(name, value) }
        // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1): one more keeps the
        // text's own final line break.
        output += part.text + "\r\n" + textBody + "\r\n"
        for attachment in attachments {
            output += "--\(boundary)\r\n" + (try Self.attachmentHeaders(attachment)) + "\r\n"
            output += Base64Encoder.encodeLines(attachment.data)
        }
        output += "--\(boundary)--\r\n"
        return Array(output.utf8)
    }

    /// The text/plain headers and encoded body: 7bit when ASCII with short lines, else quoted-printable,
    /// whose soft line breaks keep long lines whole (RFC 2045 §6.7).
    private static func textPart(_ body: String) -> (headers: [(String, String)], body: String) {
        let contentType = ("Content-Type", "text/plain; charset=utf-8")
        if QuotedPrintable.isSevenBitSafe(body) {
            var text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            if !text.hasSuffix("\r\n") { text += "\r\n" }
            return ([contentType, ("Content-Transfer-Encoding", "7bit")], text)
        }
        return ([contentType, ("Content-Transfer-Encoding", "quoted-printable")], QuotedPrintable.encode(body))
    }

    private static func attachmentHeaders(_ attachment: Attachment) throws -> String {
        try checkLine(attachment.contentType, field: "an attachment's content type")
        let pieces = attachment.contentType.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ ContentType.isToken(String($0)) }) else {
            throw MailError.invalidHeader(
                "Content-Type",
                "\"\(attachment.contentType.prefix(80))\" is not type/subtype"
            )
        }
        var headers = HeaderWriter()
        var contentType = [attachment.contentType.lowercased()]
        var disposition = ["attachment"]
        if let filename = attachment.filename {
            try checkLine(filename, field: "an attachment's file name")
            if EncodedWord.needsEncoding(filename) || filename.utf8.count > 60 {
                // RFC 2231 for the standard parameter, split into continuations (§3) to keep lines short,
                // and an encoded word in `name` for older readers.
                let encoded = MIMEParameters.extendedValue(filename)
                var index = encoded.utf8.count <= 60 ? encoded.endIndex : encoded.startIndex
                if index == encoded.endIndex {
                    disposition[0] += ";"
                    disposition.append(" filename*=\(encoded)")
                }
                var number = 0
                while index < encoded.endIndex {
                    var end = encoded.index(index, offsetBy: 60, limitedBy: encoded.endIndex) ?? encoded.endIndex
                    // Never split a %XX escape.
                    if let percent = encoded[index..<end].lastIndex(of: "%"),
                        encoded.distance(from: percent, to: end) < 3
                    {
                        end = percent
                    }
                    disposition[disposition.count - 1] += ";"
                    disposition.append(" filename*\(number)*=\(encoded[index..<end])")
                    index = end
                    number += 1
                }
                contentType[0] += ";"
                contentType += EncodedWord.encode(filename).enumerated().map {
                    ($0.offset == 0 ? " name=\"" : " ") + $0.element
                }
                contentType[contentType.count - 1] += "\""
            } else {
                let quoted = quotedString(filename)
                contentType[0] += ";"
                contentType.append(" name=\(quoted)")
                disposition[0] += ";"
                disposition.append(" filename=\(quoted)")
            }
        }
        headers.add("Content-Type", contentType)
        headers.add("Content-Transfer-Encoding", "base64")
        headers.add("Content-Disposition", disposition)
        return headers.text
    }

    /// The header chunks of one address: the display name as an atom phrase, a quoted string, or RFC 2047
    /// encoded words (§5 (3)), then `<mailbox>`.
    private static func chunks(_ address: Address, field: String) throws -> [String] {
        if HeaderWriter.breaksLine(address.mailbox) { throw MailError.headerInjection(field) }
        try Address.validate(address.mailbox)
        guard let name = address.displayName, !name.isEmpty else { return [address.mailbox] }
        try checkLine(name, field: "the \(field) name")
        if EncodedWord.needsEncoding(name) {
            let words = EncodedWord.encode(name)
            return words.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element } + [" <\(address.mailbox)>"]
        }
        let isAtoms = name.split(separator: " ").allSatisfy { $0.utf8.allSatisfy(Address.isAtomText) }
        let phrase = isAtoms && !name.hasPrefix(" ") && !name.hasSuffix(" ") ? name : quotedString(name)
        return [phrase, " <\(address.mailbox)>"]
    }

    private static func subjectChunks(_ subject: String) -> [String] {
        let words = HeaderWriter.words(subject)
        if !EncodedWord.needsEncoding(subject) && words.allSatisfy({ $0.utf8.count < 900 }) { return words }
        return EncodedWord.encode(subject).enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
    }

    /// A msg-id (RFC 5322 §3.6.4) in angle brackets, added when missing.
    private static func messageIDValue(_ value: String, field: String) throws -> String {
        try checkLine(value, field: field)
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let bare = trimmed.hasPrefix("<") && trimmed.hasSuffix(">") ? String(trimmed.dropFirst().dropLast()) : trimmed
        let valid =
            !bare.isEmpty && bare.utf8.count < 900
            && bare.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        guard valid else { throw MailError.invalidHeader(field, "\"\(value.prefix(80))\" is not a message ID") }
        return "<\(bare)>"
    }

    private static func quotedString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Refuses CR, LF and NUL: each would end the header line and let the value write headers of its own.
    private static func checkLine(_ value: String, field: String) throws {
        if HeaderWriter.breaksLine(value) { throw MailError.headerInjection(field) }
    }

    /// 128 random bits in hex: Message-IDs and boundaries must not be guessable or repeat.
    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next()
        let low = generator.next()
        return padded(String(high, radix: 16)) + padded(String(low, radix: 16))
    }

    private static func padded(_ hex: String) -> String { String(repeating: "0", count: max(0, 16 - hex.count)) + hex }
}
