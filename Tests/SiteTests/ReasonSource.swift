import Foundation

@testable import Site

/// The reasons a member can be told, read out of Vouch's own sources the way a translator's tool
/// would: the text of every refusal, rule violation and request problem, with each value the
/// program fills in written `{}` (then numbered `{1}`, `{2}` … as `Templates/LOCALE/reasons.txt`
/// writes them).
enum ReasonSource {
    /// Where a member-facing reason starts, by source folder.
    static let openers: [(folder: String, opener: String)] = [
        ("Sources/Jobs", "RobotRefusal("), ("Sources/Jobs", "withoutEcho:"), ("Sources/Jobs", "RobotLimit(reason:"),
        ("Sources/Jobs", "mail.problem ="), ("Sources/Authority", "refusal("),
        ("Sources/Authority", "completed(.done,"),
        ("Sources/Authority", "completed(.queued,"), ("Sources/Jobs", "refuse("),
        ("Sources/Authority", "AuthorityError(.refused,"), ("Sources/Authority", "AuthorityError(.caaForbids,"),
        ("Sources/Policy", "reason:"), ("Sources/PKI", "PKIError(.weakKey,"),
        ("Sources/PKI", "PKIError(.malformedCSR,"),
        ("Sources/PKI", "PKIError(.invalidProfileInput,"), ("Sources/Policy", "limitingRule ="),
        ("Sources/Policy", "note:"), ("Sources/Policy", "minorWithoutConsent(for:"),
    ]

    /// Every message with a literal part, numbered, sorted and without repeats.
    static func messages(root: URL) throws -> [String] {
        var found: Set<String> = []
        for (folder, opener) in openers {
            let base = root.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(atPath: base.path)
            while let path = walker?.nextObject() as? String {
                guard path.hasSuffix(".swift") else { continue }
                let text = Array(try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8))
                var index = 0
                while let end = find(opener, in: text, from: index) {
                    index = end
                    for message in messages(in: text, from: index) { found.insert(numbered(message)) }
                }
            }
        }
        return found.union(MemberPage.registryWords).sorted()
    }

    /// `{}` placeholders as `{1}`, `{2}` …
    static func numbered(_ message: String) -> String {
        var result = ""
        var number = 0
        var rest = Substring(message)
        while let range = rest.range(of: "{}") {
            number += 1
            result += rest[..<range.lowerBound] + "{\(number)}"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Where `needle` ends in `text`, from `from`; line breaks and spaces after its `(` and `,`
    /// may be there or not, as the formatter laid the call out.
    private static func find(_ needle: String, in text: [Character], from: Int) -> Int? {
        let pattern = Array(needle)
        var index = from
        while index < text.count {
            if text[index] == pattern[0] {
                var at = index
                var matched = 0
                while matched < pattern.count, at < text.count, text[at] == pattern[matched] {
                    at += 1
                    matched += 1
                    if "(,".contains(pattern[matched - 1]), matched < pattern.count, pattern[matched] != " " {
                        while at < text.count, text[at] == " " || text[at].isNewline { at += 1 }
                    }
                }
                if matched == pattern.count { return at }
            }
            index += 1
        }
        return nil
    }

    /// The messages of one argument: its string literals joined by `+`, other operands as `{}`,
    /// each branch of a `?:` a message of its own; the argument ends at a `,` or `)` outside any
    /// bracket, or at a line that does not continue it.
    private static func messages(in text: [Character], from start: Int) -> [String] {
        var messages: [String] = []
        var current = ""
        var hasLiteral = false
        var pendingOther = false
        var depth = 0
        var index = start
        func finish() {
            if pendingOther { current += "{}" }
            if hasLiteral { messages.append(current) }
            current = ""
            hasLiteral = false
            pendingOther = false
        }
        while index < text.count {
            let character = text[index]
            if character == "\"" && depth == 0 {
                if pendingOther {
                    current += "{}"
                    pendingOther = false
                }
                let (literal, end) = readLiteral(text, from: index)
                current += literal
                hasLiteral = true
                index = end
                continue
            }
            if character == "\"" {
                index = readLiteral(text, from: index).end
                continue
            }
            if "([{".contains(character) {
                depth += 1
                if depth == 1 { pendingOther = true }
            } else if ")]}".contains(character) {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0 {
                if character == "," { break }
                if character == "?" || character == ":" {
                    finish()
                } else if character == "\n" {
                    // A line that does not go on with `+`, `?` or `:` ends the argument.
                    var next = index + 1
                    while next < text.count, text[next] == " " { next += 1 }
                    if next < text.count, !"+?:\"".contains(text[next]), hasLiteral { break }
                } else if !" +".contains(character) && !character.isNewline {
                    pendingOther = true
                }
            }
            index += 1
        }
        finish()
        return messages
    }

    /// A string literal starting at `start` (a quote), with each interpolation as `{}`.
    private static func readLiteral(_ text: [Character], from start: Int) -> (literal: String, end: Int) {
        var literal = ""
        var index = start + 1
        while index < text.count {
            let character = text[index]
            if character == "\"" { return (literal, index + 1) }
            if character == "\\", index + 1 < text.count {
                let next = text[index + 1]
                if next == "(" {
                    // Skip the interpolation, strings inside it included.
                    var depth = 1
                    index += 2
                    while index < text.count, depth > 0 {
                        if text[index] == "\"" {
                            index = readLiteral(text, from: index).end
                            continue
                        }
                        if text[index] == "(" { depth += 1 }
                        if text[index] == ")" { depth -= 1 }
                        index += 1
                    }
                    literal += "{}"
                    continue
                }
                literal += next == "n" ? "\n" : String(next)
                index += 2
                continue
            }
            literal.append(character)
            index += 1
        }
        return (literal, index)
    }
}
