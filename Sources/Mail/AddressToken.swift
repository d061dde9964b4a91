/// The lexical pieces of an address header (RFC 5322 §3.2): words, specials, comments and domain literals.
enum AddressToken: Equatable {
    case word(String, quoted: Bool)
    case special(Character)
    case comment(String)
    case literal(String)

    /// Splits `value` into tokens; unterminated quoted strings, comments and literals run to the end.
    static func scan(_ value: String) -> [AddressToken] {
        let scalars = Array(value.unicodeScalars)
        var tokens: [AddressToken] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\r", "\n":
                index += 1
            case "\"":
                tokens.append(.word(readDelimited(scalars, &index, close: "\""), quoted: true))
            case "[":
                tokens.append(.literal(readDelimited(scalars, &index, close: "]")))
            case "(":
                tokens.append(.comment(readComment(scalars, &index)))
            case "<", ">", ",", ":", ";", "@", ".", ")", "]":
                tokens.append(.special(Character(scalar)))
                index += 1
            default:
                // An RFC 2047 encoded word may hold "." and other specials; it is kept whole.
                if scalar == "=", let end = encodedWordEnd(scalars, from: index) {
                    tokens.append(.word(String(String.UnicodeScalarView(scalars[index..<end])), quoted: false))
                    index = end
                    continue
                }
                var word = String.UnicodeScalarView()
                while index < scalars.count, !stops.contains(scalars[index]) {
                    word.append(scalars[index])
                    index += 1
                }
                tokens.append(.word(String(word), quoted: false))
            }
        }
        return tokens
    }

    /// The end of the encoded word `=?charset?X?text?=` starting at `start`, if one does.
    private static func encodedWordEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 2
        var questionMarks = 0
        while index < scalars.count, index - start < 1000 {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" { return nil }
            if scalar == "?" {
                questionMarks += 1
                if questionMarks >= 3, index + 1 < scalars.count, scalars[index + 1] == "=" { return index + 2 }
            }
            index += 1
        }
        return nil
    }

    private static let stops: Set<Unicode.Scalar> = [
        " ", "\t", "\r", "\n", "\"", "[", "]", "(", ")", "<", ">", ",", ":", ";", "@", ".",
    ]

    /// Reads from the opening character at `index` to `close`, undoing backslash escapes (quoted-pair, §3.2.1).
    private static func readDelimited(_ scalars: [Unicode.Scalar], _ index: inout Int, close: Unicode.Scalar) -> String
    {
        var text = String.UnicodeScalarView()
        index += 1
        while index < scalars.count, scalars[index] != close {
            if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
            text.append(scalars[index])
            index += 1
        }
        index += 1
        return String(text)
    }

    /// Reads a possibly nested comment (§3.2.2) and returns its text without the outer parentheses.
    private static func readComment(_ scalars: [Unicode.Scalar], _ index: inout Int) -> String {
        var text = String.UnicodeScalarView()
        var depth = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                index += 1
                text.append(scalars[index])
                index += 1
                continue
            }
            if scalar == "(" {
                depth += 1
                if depth > 1 { text.append(scalar) }
            } else if scalar == ")" {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return String(text)
                }
                text.append(scalar)
            } else {
                text.append(scalar)
            }
            index += 1
        }
        return String(text)
    }
}
