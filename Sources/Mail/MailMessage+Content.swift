import Foundation

extension MailMessage {
    /// The message text: the best text/plain part, decoded, with LF line endings.
    ///
    /// Inside multipart/alternative the plain alternative is taken; in multipart/signed the signed content;
    /// otherwise the first inline text/plain part. Attachments (a .csr sent as text/plain) and embedded
    /// messages are not the text. format=flowed (RFC 3676) is unwrapped so that `Name: value` lines come out
    /// whole. Nil when the message has no plain text (HTML only).
    package var textBody: String? {
        guard let part = Self.bestText(root) else { return nil }
        return Self.unwrapped(part)
    }

    /// Every file in the message, in order; parts of embedded (forwarded, bounced) messages are not included.
    package var attachments: [Attachment] {
        var found: [Attachment] = []
        Self.collectAttachments(root, into: &found)
        return found
    }

    private static func bestText(_ part: MIMEPart) -> MIMEPart? {
        if !part.isMultipart {
            let plain = part.contentType.mimeType == "text/plain" && part.text != nil
            return plain && !part.isAttachment ? part : nil
        }
        if part.contentType.subtype == "signed" { return part.children.first.flatMap(bestText) }
        for child in part.children {
            if let found = bestText(child) { return found }
        }
        return nil
    }

    private static func collectAttachments(_ part: MIMEPart, into found: inout [Attachment]) {
        if part.isMultipart {
            for child in part.children { collectAttachments(child, into: &found) }
        } else if part.isAttachment {
            found.append(Attachment(filename: part.filename, contentType: part.contentType.mimeType, data: part.body))
        }
    }

    /// Normalizes line endings to LF, drops a byte-order mark and, for format=flowed, joins soft-broken lines.
    private static func unwrapped(_ part: MIMEPart) -> String {
        var text = part.text ?? ""
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard part.contentType.parameter("format")?.lowercased() == "flowed" else { return text }
        let deleteSpace = part.contentType.parameter("delsp")?.lowercased() == "yes"
        var output = ""
        var pending = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            // RFC 3676 §4.4: a leading space was added to protect the line ("space-stuffing").
            if line.hasPrefix(" ") { line = line.dropFirst() }
            // §4.1: a line ending in a space continues on the next one, except the signature separator.
            if line.hasSuffix(" ") && line != "-- " {
                pending += deleteSpace ? line.dropLast() : line
            } else {
                output += pending + line + "\n"
                pending = ""
            }
        }
        output += pending
        if output.hasSuffix("\n") && !text.hasSuffix("\n") { output.removeLast() }
        return output
    }
}
