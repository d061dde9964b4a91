import Foundation

/// Reads a message (RFC 5322) and its MIME structure (RFC 2045, RFC 2046) from the bytes a member sent.
///
/// Everything a hostile sender controls is bounded by `MIMELimits`; malformed structure is tolerated the way
/// mail readers tolerate it and recorded in `problems`, so the robot can answer instead of failing. The only
/// errors are the limits (`too-large`, `too-deep`, `too-many-parts`).
package struct MIMEParser: Sendable {
    private let source: [UInt8]
    private let limits: MIMELimits
    private var problems: [String] = []
    private var partCount = 0

    private init(source: [UInt8], limits: MIMELimits) {
        self.source = source
        self.limits = limits
    }

    /// Parses `bytes`, CRLF or LF line endings alike.
    package static func parse(_ bytes: [UInt8], limits: MIMELimits = .standard) throws -> MailMessage {
        guard bytes.count <= limits.maxTotalBytes else {
            throw MailError.tooLarge(bytes.count, limit: limits.maxTotalBytes)
        }
        var parser = MIMEParser(source: bytes, limits: limits)
        var start = 0
        // An mbox separator ("From sender date") is not a header field; MTAs piping to `vouch deliver` may add it.
        if bytes.starts(with: Array("From ".utf8)) { start = parser.lineEnd(from: 0, before: bytes.count).next }
        let root = try parser.parsePart(start..<bytes.count, depth: 0, defaultType: .textPlain)
        return MailMessage(root: root, rawBytes: bytes, problems: parser.problems)
    }

    private mutating func parsePart(_ range: Range<Int>, depth: Int, defaultType: ContentType) throws -> MIMEPart {
        partCount += 1
        guard partCount <= limits.maxParts else {
            throw MailError(
                code: "too-many-parts",
                reason: "The message has more than \(limits.maxParts) MIME parts; send the request as plain text "
                    + "with at most a few attachments."
            )
        }
        guard depth <= min(limits.maxDepth, 200) else {
            throw MailError(
                code: "too-deep",
                reason: "The message nests MIME parts more than \(limits.maxDepth) levels deep; send the request as "
                    + "plain text with at most a few attachments."
            )
        }
        let (headers, bodyStart) = parseHeaders(range)
        let bodyRange = bodyStart..<range.upperBound
        var contentType = defaultType
        if let value = headers.first(where: { $0.hasName("Content-Type") })?.rawValue {
            if let parsed = ContentType.parse(value) {
                contentType = parsed
            } else {
                note("Content-Type \"\(value.prefix(80))\" is not understood; the part was read as \(defaultType).")
            }
        }
        let disposition = headers.first { $0.hasName("Content-Disposition") }.map {
            ContentDisposition.parse($0.rawValue)
        }
        let encoding =
            headers.first { $0.hasName("Content-Transfer-Encoding") }?.rawValue.lowercased()
            .trimmingCharacters(in: .whitespaces) ?? "7bit"

        if contentType.isMultipart {
            if contentType.hasAmbiguousBoundary {
                note("A multipart's boundary parameter is given twice or with escapes; no signature on it is trusted.")
            }
            if let boundary = contentType.boundary, !boundary.isEmpty {
                let ranges = partRanges(in: bodyRange, boundary: Array(boundary.utf8))
                if let ranges {
                    let childDefault = contentType.subtype == "digest" ? ContentType.messageRFC822 : .textPlain
                    var children: [MIMEPart] = []
                    for childRange in ranges {
                        children.append(try parsePart(childRange, depth: depth + 1, defaultType: childDefault))
                    }
                    return MIMEPart(
                        headers: headers,
                        contentType: contentType,
                        contentDisposition: disposition,
                        transferEncoding: encoding,
                        body: [],
                        text: nil,
                        children: children,
                        depth: depth,
                        rawRange: range,
                        bodyRange: bodyRange,
                        source: source
                    )
                }
                note("The boundary of a \(contentType) part never appears; the part was read as plain text.")
            } else {
                note("A \(contentType) part has no boundary parameter; the part was read as plain text.")
            }
            contentType = ContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
        }

        let body = decodeBody(bodyRange, encoding: encoding)
        var children: [MIMEPart] = []
        if contentType.type == "message", ["rfc822", "global"].contains(contentType.subtype),
            ["7bit", "8bit", "binary"].contains(encoding)
        {
            children = [try parsePart(bodyRange, depth: depth + 1, defaultType: .textPlain)]
        }
        var text: String?
        if contentType.isText {
            let decoded = Charset.decode(body, label: contentType.charset)
            if !decoded.recognized {
                note("The charset \"\(contentType.charset ?? "")\" is not supported; the text was read as UTF-8.")
            }
            text = decoded.text
        }
        return MIMEPart(
            headers: headers,
            contentType: contentType,
            contentDisposition: disposition,
            transferEncoding: encoding,
            body: body,
            text: text,
            children: children,
            depth: depth,
            rawRange: range,
            bodyRange: bodyRange,
            source: source
        )
    }

    /// The header block of `range` (RFC 5322 §2.2) and where the body starts (after the empty line).
    ///
    /// A line that is neither a field nor a continuation ends the header block early: the sender forgot the
    /// empty line, and what follows is read as body.
    private mutating func parseHeaders(_ range: Range<Int>) -> (fields: [HeaderField], bodyStart: Int) {
        var fields: [HeaderField] = []
        var current: (name: String, value: [UInt8])?
        var position = range.lowerBound

        func finish(_ field: (name: String, value: [UInt8])?) -> HeaderField? {
            guard let field else { return nil }
            var unknown: [String] = []
            let raw = EncodedWord.sanitized(Charset.headerText(field.value)).trimmingCharacters(in: .whitespaces)
            let value = EncodedWord.decode(raw, unknownCharsets: &unknown).trimmingCharacters(in: .whitespaces)
            return HeaderField(name: field.name, rawValue: raw, value: value)
        }

        while position < range.upperBound {
            let (contentEnd, next) = lineEnd(from: position, before: range.upperBound)
            let line = source[position..<contentEnd]
            if line.isEmpty {
                if let field = finish(current) { fields.append(field) }
                return (fields, next)
            }
            if line.first == space || line.first == tab {
                if current != nil {
                    // Unfolding (§2.2.3) removes only the line break.
                    current?.value += line
                } else {
                    note("The header block starts with a continuation line; it was ignored.")
                }
                position = next
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), isFieldName(source[position..<colon]) else {
                note("A header line has no field name; the header block was taken to end there.")
                if let field = finish(current) { fields.append(field) }
                return (fields, position)
            }
            if let field = finish(current) { fields.append(field) }
            var nameEnd = colon
            // Obsolete syntax (§4.5.3) allows white space before the colon.
            while nameEnd > position, source[nameEnd - 1] == space || source[nameEnd - 1] == tab { nameEnd -= 1 }
            current = (String(decoding: source[position..<nameEnd], as: UTF8.self), Array(line[(colon + 1)...]))
            position = next
        }
        if let field = finish(current) { fields.append(field) }
        return (fields, range.upperBound)
    }

    /// §3.6.8: printable ASCII except the colon (white space before the colon is obsolete but allowed).
    private func isFieldName(_ bytes: ArraySlice<UInt8>) -> Bool {
        var name = bytes
        while let last = name.last, last == space || last == tab { name = name.dropLast() }
        return !name.isEmpty && name.allSatisfy { $0 > 32 && $0 < 127 }
    }

    /// The ranges of the body parts of a multipart (RFC 2046 §5.1.1), or nil when no delimiter line appears.
    ///
    /// A delimiter is "--boundary" at the start of a line, followed only by white space; "--boundary--" closes.
    /// The line break before a delimiter belongs to it, not to the part before. Preamble and epilogue are
    /// ignored; a missing close delimiter ends the last part at the end of the body and is noted.
    private mutating func partRanges(in range: Range<Int>, boundary: [UInt8]) -> [Range<Int>]? {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var position = range.lowerBound
        var closed = false
        var previousLineBreak = range.lowerBound
        while position < range.upperBound {
            let (contentEnd, next) = lineEnd(from: position, before: range.upperBound)
            let line = source[position..<contentEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let isClose = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if isClose || rest.allSatisfy({ $0 == space || $0 == tab }) {
                    if let start = partStart { ranges.append(start..<max(start, previousLineBreak)) }
                    if isClose {
                        closed = true
                        break
                    }
                    partStart = next
                }
            }
            // Where this line's break begins: the end of a part that a delimiter on the next line closes.
            previousLineBreak = contentEnd
            position = next
        }
        guard partStart != nil || closed else { return nil }
        if !closed {
            note("A multipart has no closing boundary; its last part was taken to run to the end.")
            if let start = partStart { ranges.append(start..<range.upperBound) }
        }
        if ranges.isEmpty { note("A multipart has no parts.") }
        return ranges
    }

    /// Undoes the Content-Transfer-Encoding (RFC 2045 §6); unknown encodings are passed through and noted.
    private mutating func decodeBody(_ range: Range<Int>, encoding: String) -> [UInt8] {
        let bytes = source[range]
        switch encoding {
        case "base64": return Base64Decoder.decode(bytes)
        case "quoted-printable": return QuotedPrintable.decode(bytes)
        case "7bit", "8bit", "binary", "": return Array(bytes)
        default:
            note("The transfer encoding \"\(encoding.prefix(40))\" is unknown; the part was read as it is.")
            return Array(bytes)
        }
    }

    /// The end of the line starting at `start` without its line break (LF or CRLF), and where the next begins.
    private func lineEnd(from start: Int, before limit: Int) -> (contentEnd: Int, next: Int) {
        var index = start
        while index < limit, source[index] != lf { index += 1 }
        guard index < limit else { return (limit, limit) }
        let contentEnd = index > start && source[index - 1] == cr ? index - 1 : index
        return (contentEnd, index + 1)
    }

    private mutating func note(_ problem: String) {
        // A hostile message could repeat one defect thousands of times; one note of each kind is enough.
        if problems.count < 50, !problems.contains(problem) { problems.append(problem) }
    }

    private let cr = UInt8(ascii: "\r")
    private let lf = UInt8(ascii: "\n")
    private let space = UInt8(ascii: " ")
    private let tab = UInt8(ascii: "\t")
}
