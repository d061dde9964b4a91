import Foundation

/// The `; name=value` parameters of Content-Type and Content-Disposition (RFC 2045 §5.1), with RFC 2231
/// extended values, continuations and charsets resolved.
///
/// One exception, so that Vouch and OpenSSL always split a multipart/signed message at the same line:
/// `boundary` is read only from a plain `boundary=` parameter. OpenSSL's S/MIME reader knows nothing of
/// RFC 2231 and ignores `boundary*`, and a boundary is 7-bit text anyway (RFC 2046 §5.1.1), so an
/// extended form can only be an attempt to make two readers disagree. A parameter given twice, or a quoted
/// value with a backslash escape (which OpenSSL keeps and Vouch would remove), is reported as ambiguous.
enum MIMEParameters {
    /// Parameters whose value two careful readers could read differently.
    struct Parsed {
        var head: String
        var parameters: [String: String]
        var ambiguous: Set<String>
    }

    /// Parameters that are never taken from an RFC 2231 extended value.
    static let plainOnly: Set<String> = ["boundary"]

    static func parse(_ value: String) -> (head: String, parameters: [String: String]) {
        let parsed = parseReportingAmbiguity(value)
        return (parsed.head, parsed.parameters)
    }

    /// Parses the parameters of `value` after its first ";"; the part before it is returned as `head`.
    ///
    /// Tolerant as mail readers are: comments are skipped, unquoted values may contain spaces, an unterminated
    /// quoted string runs to the end, and RFC 2047 encoded words inside a plain value (non-standard, but what
    /// many mailers write for file names) are decoded. Names are lower-cased.
    static func parseReportingAmbiguity(_ value: String) -> Parsed {
        let scalars = Array(value.unicodeScalars)
        var ambiguous = Set<String>()
        var seen = Set<String>()
        var index = 0
        var head = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != ";" {
            if scalars[index] == "(" {
                skipComment(scalars, &index)
            } else {
                head.append(scalars[index])
                index += 1
            }
        }
        var plain: [String: String] = [:]
        var extended: [String: [Int: (text: String, encoded: Bool)]] = [:]
        while index < scalars.count {
            index += 1  // the ";"
            skipSpaceAndComments(scalars, &index)
            var name = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "=", scalars[index] != ";" {
                name.append(scalars[index])
                index += 1
            }
            let key = String(name).trimmingCharacters(in: .whitespaces).lowercased()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            skipSpaceAndComments(scalars, &index)
            var text = String.UnicodeScalarView()
            if !seen.insert(key).inserted { ambiguous.insert(key) }
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count {
                        ambiguous.insert(key)
                        index += 1
                    }
                    text.append(scalars[index])
                    index += 1
                }
                while index < scalars.count, scalars[index] != ";" { index += 1 }
            } else {
                while index < scalars.count, scalars[index] != ";" {
                    if scalars[index] == "(" {
                        skipComment(scalars, &index)
                        continue
                    }
                    text.append(scalars[index])
                    index += 1
                }
            }
            let parameterValue = String(text).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            if let star = key.firstIndex(of: "*") {
                // RFC 2231 §3 and §4: name*=charset'lang'%XX, name*0=…, name*1*=%XX…
                let base = String(key[..<star])
                var rest = key[key.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                if rest.hasSuffix("*") { rest = rest.dropLast() }
                let number = rest.isEmpty ? 0 : Int(rest)
                if Self.plainOnly.contains(base) {
                    // Present at all, an extended boundary means the sender hoped two readers would differ.
                    ambiguous.insert(base)
                    continue
                }
                guard let number, number < 1000, !base.isEmpty else { continue }
                extended[base, default: [:]][number] = (parameterValue, encoded)
            } else if plain[key] == nil {
                plain[key] = parameterValue.contains("=?") ? EncodedWord.decode(parameterValue) : parameterValue
            }
        }
        for (name, segments) in extended {
            plain[name] = joinSegments(segments)
        }
        return Parsed(head: String(head).trimmingCharacters(in: .whitespaces), parameters: plain, ambiguous: ambiguous)
    }

    /// Percent-encodes `value` as an RFC 2231 extended value in UTF-8: `utf-8''…`.
    static func extendedValue(_ value: String) -> String {
        var output = "utf-8''"
        for byte in value.utf8 {
            if attributeCharacters.contains(byte) {
                output.append(Character(Unicode.Scalar(byte)))
            } else {
                output += (byte < 0x10 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }

    private static func joinSegments(_ segments: [Int: (text: String, encoded: Bool)]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        for number in segments.keys.sorted() {
            guard let segment = segments[number] else { continue }
            var text = Substring(segment.text)
            if segment.encoded {
                if number == 0 {
                    // charset'language'value; the language is of no use here.
                    let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        text = pieces[2]
                    }
                }
                bytes += percentDecoded(text)
            } else {
                bytes += Array(text.utf8)
            }
        }
        return EncodedWord.sanitized(Charset.decode(bytes, label: charset ?? "utf-8").text)
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = QuotedPrintable.hexValue(bytes[index + 1]),
                let low = QuotedPrintable.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    private static func skipSpaceAndComments(_ scalars: [Unicode.Scalar], _ index: inout Int) {
        while index < scalars.count {
            if scalars[index] == " " || scalars[index] == "\t" {
                index += 1
            } else if scalars[index] == "(" {
                skipComment(scalars, &index)
            } else {
                return
            }
        }
    }

    /// Skips a possibly nested comment (RFC 5322 §3.2.2); an unterminated one runs to the end.
    static func skipComment(_ scalars: [Unicode.Scalar], _ index: inout Int) {
        var depth = 0
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "(": depth += 1
            case ")": depth -= 1
            default: break
            }
            index += 1
            if depth == 0 { return }
        }
    }

    /// RFC 2231 §7 attribute-char: what an extended value may hold without percent-encoding.
    private static let attributeCharacters: Set<UInt8> = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8
    )
}
