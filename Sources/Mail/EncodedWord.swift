/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`): how non-ASCII text travels in headers.
enum EncodedWord {
    /// Decodes every encoded word in `text`.
    ///
    /// White space between two adjacent encoded words is dropped (RFC 2047 §6.2), and the bytes of adjacent
    /// words in one charset are joined before decoding, because mailers split multi-byte characters across
    /// words although §5 forbids it. Words are recognised anywhere, not only between spaces, as mail readers
    /// do. Control characters in the result (an encoded CR LF is the classic header-injection attempt) become
    /// spaces, so a decoded value can never start a new header line when it is written back into one.
    static func decode(_ text: String, unknownCharsets: inout [String]) -> String {
        let bytes = Array(text.utf8)
        var output = ""
        var pending: [UInt8] = []
        var pendingCharset: String?
        var literalStart = 0
        var seenWord = false
        var index = 0

        func flush() {
            guard let charset = pendingCharset else { return }
            let decoded = Charset.decode(pending, label: charset)
            if !decoded.recognized { unknownCharsets.append(charset) }
            output += decoded.text
            pending = []
            pendingCharset = nil
        }

        while index + 1 < bytes.count {
            guard bytes[index] == equals, bytes[index + 1] == question, let word = parseWord(bytes, at: index) else {
                index += 1
                continue
            }
            let between = bytes[literalStart..<index]
            if !(seenWord && between.allSatisfy({ $0 == space || $0 == tab })) {
                flush()
                output += String(decoding: between, as: UTF8.self)
            }
            if pendingCharset != word.charset { flush() }
            pendingCharset = word.charset
            pending += word.bytes
            seenWord = true
            index = word.end
            literalStart = word.end
        }
        flush()
        output += String(decoding: bytes[literalStart...], as: UTF8.self)
        return sanitized(output)
    }

    /// Decodes, ignoring which charsets were unknown.
    static func decode(_ text: String) -> String {
        var ignored: [String] = []
        return decode(text, unknownCharsets: &ignored)
    }

    /// Control characters become spaces: a header value is one line of text.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isControl(scalar) ? " " : scalar)
        }
        return String(scalars)
    }

    /// Encodes `text` as UTF-8 "B" words of at most 75 characters each (§2), never splitting a character (§5).
    ///
    /// 39 bytes make 52 base64 characters, 64 with the delimiters: short enough that the first word still fits
    /// on the line after a field name such as "Subject: " within 78 characters.
    static func encode(_ text: String) -> [String] {
        let prefix = "=?utf-8?B?"
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if chunk.count + encoded.count > 39 {
                words.append(prefix + Base64Encoder.encode(chunk) + "?=")
                chunk = []
            }
            chunk += encoded
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + Base64Encoder.encode(chunk) + "?=") }
        return words
    }

    /// Whether `text` must be encoded to appear in a header: non-ASCII, control characters, or something a
    /// reader would mistake for an encoded word.
    static func needsEncoding(_ text: String) -> Bool {
        text.contains("=?") || text.unicodeScalars.contains { !$0.isASCII || isControl($0) }
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    private static func parseWord(_ bytes: [UInt8], at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != question, index - charsetStart < 64 {
            guard bytes[index] > space, bytes[index] < 0x7F else { return nil }
            index += 1
        }
        guard index < bytes.count, bytes[index] == question, index > charsetStart else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self).lowercased()
        guard index + 2 < bytes.count, bytes[index + 2] == question else { return nil }
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        index += 3
        let textStart = index
        while index < bytes.count, bytes[index] != question {
            guard bytes[index] != UInt8(ascii: "\r"), bytes[index] != UInt8(ascii: "\n") else { return nil }
            index += 1
        }
        guard index + 1 < bytes.count, bytes[index + 1] == equals else { return nil }
        let payload = bytes[textStart..<index]
        let decoded = encoding == UInt8(ascii: "b") ? Base64Decoder.decode(payload) : decodeQ(payload)
        return Word(charset: charset, bytes: decoded, end: index + 2)
    }

    /// The "Q" encoding (§4.2): quoted-printable with "_" for space.
    private static func decodeQ(_ payload: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var index = payload.startIndex
        while index < payload.endIndex {
            let byte = payload[index]
            if byte == equals, index + 2 < payload.endIndex, let high = QuotedPrintable.hexValue(payload[index + 1]),
                let low = QuotedPrintable.hexValue(payload[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(byte == UInt8(ascii: "_") ? space : byte)
            index += 1
        }
        return output
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    private static let equals = UInt8(ascii: "=")
    private static let question = UInt8(ascii: "?")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
}
