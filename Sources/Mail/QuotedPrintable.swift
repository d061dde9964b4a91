/// Quoted-printable (RFC 2045 §6.7): how text with 8-bit characters or long lines travels through 7-bit mail.
enum QuotedPrintable {
    /// Decodes tolerantly: an `=` not followed by two hex digits stays as it is, trailing white space that a
    /// gateway may have added is dropped (rule 3), and `=` at the end of a line is a soft line break (rule 5).
    /// Hard line breaks are kept as they came (CRLF or LF).
    static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != lf { lineEnd += 1 }
            let hasNewline = lineEnd < bytes.count
            var contentEnd = lineEnd
            let crlf = hasNewline && contentEnd > lineStart && bytes[contentEnd - 1] == cr
            if crlf { contentEnd -= 1 }
            while contentEnd > lineStart && (bytes[contentEnd - 1] == space || bytes[contentEnd - 1] == tab) {
                contentEnd -= 1
            }
            var soft = false
            if contentEnd > lineStart && bytes[contentEnd - 1] == equals {
                soft = true
                contentEnd -= 1
            }
            var index = lineStart
            while index < contentEnd {
                let byte = bytes[index]
                if byte == equals, index + 2 < contentEnd, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                } else {
                    output.append(byte)
                    index += 1
                }
            }
            if hasNewline && !soft {
                if crlf { output.append(cr) }
                output.append(lf)
            }
            lineStart = lineEnd + 1
        }
        return output
    }

    /// Encodes UTF-8 text into lines of at most 76 characters (rule 5), ending every line in CRLF.
    ///
    /// Line breaks in `text` (LF or CRLF) become hard breaks; long lines get soft breaks, so nothing is ever cut.
    /// A leading "From " or "." is encoded too, so that mbox delivery and SMTP servers that mishandle a lone dot
    /// cannot change the text.
    static func encode(_ text: String) -> String {
        var output = ""
        let lines = text.utf8.split(separator: lf, omittingEmptySubsequences: false)
        for (number, rawLine) in lines.enumerated() {
            var line = Array(rawLine)
            if line.last == cr { line.removeLast() }
            if number == lines.count - 1 && line.isEmpty { break }
            var current = ""
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let atStart = index == 0
                let token: String
                if atStart && (byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && line.starts(with: from))) {
                    token = escaped(byte)
                } else if byte == space || byte == tab {
                    token = isLast ? escaped(byte) : String(UnicodeScalar(byte))
                } else if byte >= 33 && byte <= 126 && byte != equals {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = escaped(byte)
                }
                if current.utf8.count + token.utf8.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            output += current + "\r\n"
        }
        return output
    }

    /// Whether `text` can go as 7bit: ASCII only and every line at most 78 characters (RFC 5322 §2.1.1).
    static func isSevenBitSafe(_ text: String) -> Bool {
        for rawLine in text.utf8.split(separator: lf, omittingEmptySubsequences: false) {
            let line = rawLine.last == cr ? rawLine.dropLast() : rawLine
            guard line.count <= 78 else { return false }
            if line.contains(where: { $0 >= 0x80 || $0 == 0 || $0 == cr }) { return false }
        }
        return true
    }

    private static func escaped(_ byte: UInt8) -> String {
        "=" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF")
    private static let from = Array("From ".utf8)
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let equals = UInt8(ascii: "=")
}
