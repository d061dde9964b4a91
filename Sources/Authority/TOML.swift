/// The subset of TOML that `config.toml` uses: `[section]` headers and `key = value` lines whose
/// value is a basic string, an integer, a boolean or a one-line array of strings; `#` comments. Anything else is an error with
/// its line number, so a typo is never silently ignored.
package struct TOMLDocument: Sendable {
    package enum Value: Sendable, Hashable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        /// `["en", "de"]`, on one line.
        case strings([String])

        package var description: String {
            switch self {
            case .strings(let items): return "[" + items.map(TOMLDocument.quote).joined(separator: ", ") + "]"
            case .string(let text): return TOMLDocument.quote(text)
            case .integer(let number): return String(number)
            case .boolean(let flag): return flag ? "true" : "false"
            }
        }
    }

    /// Values by "section.key" (keys before any header have no prefix).
    package private(set) var values: [String: Value] = [:]
    /// The line each parsed key was set on, for errors that name it.
    package private(set) var lines: [String: Int] = [:]
    /// Sections and keys in the order they were set, for writing back.
    private var order: [(section: String, key: String)] = []

    package init() {}

    package init(parsing text: String) throws {
        var section = ""
        // By line breaks of every kind: "\r\n" is one Swift Character, so splitting on "\n" alone
        // would read a CRLF file as a single line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = Self.stripComment(String(rawLine)).trimmingWhitespace
            let number = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw Self.error(number, "malformed section header") }
                section = String(line.dropFirst().dropLast()).trimmingWhitespace
                guard Self.isBareKey(section) else { throw Self.error(number, "malformed section name") }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw Self.error(number, "expected key = value") }
            let key = String(line[..<equals]).trimmingWhitespace
            guard Self.isBareKey(key) else { throw Self.error(number, "malformed key '\(key)'") }
            let value = try Self.parseValue(String(line[line.index(after: equals)...]).trimmingWhitespace, line: number)
            let path = section.isEmpty ? key : "\(section).\(key)"
            guard values[path] == nil else { throw Self.error(number, "'\(path)' is set twice") }
            set(path, value, section: section, key: key)
            lines[path] = number
        }
    }

    package subscript(path: String) -> Value? { values[path] }

    package mutating func set(_ section: String, _ key: String, _ value: Value) {
        set(section.isEmpty ? key : "\(section).\(key)", value, section: section, key: key)
    }

    private mutating func set(_ path: String, _ value: Value, section: String, key: String) {
        if values[path] == nil { order.append((section, key)) }
        values[path] = value
    }

    /// The document as text, grouped by section in first-seen order.
    package var text: String {
        var sections: [String] = []
        for entry in order where !sections.contains(entry.section) { sections.append(entry.section) }
        var lines: [String] = []
        for section in sections {
            if !section.isEmpty {
                if !lines.isEmpty { lines.append("") }
                lines.append("[\(section)]")
            }
            for entry in order where entry.section == section {
                let path = section.isEmpty ? entry.key : "\(section).\(entry.key)"
                lines.append("\(entry.key) = \(values[path]!)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static func parseValue(_ text: String, line: Int) throws -> Value {
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let number = Int(text.replacingUnderscores) { return .integer(number) }
        if text.hasPrefix("[") { return .strings(try parseStrings(text, line: line)) }
        guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else {
            throw error(line, "expected a quoted string, an integer, true/false or [\"a\", \"b\"]")
        }
        var result = ""
        var scalars = Array(text.unicodeScalars.dropFirst().dropLast())[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\"" { throw error(line, "unescaped quote in string") }
            guard scalar == "\\" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            guard let escaped = scalars.popFirst() else { throw error(line, "dangling backslash") }
            switch escaped {
            case "\"": result += "\""
            case "\\": result += "\\"
            case "n": result += "\n"
            case "t": result += "\t"
            case "r": result += "\r"
            case "u":
                let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                scalars = scalars.dropFirst(4)
                guard hex.count == 4, let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
                    throw error(line, "malformed \\u escape")
                }
                result.unicodeScalars.append(decoded)
            default: throw error(line, "unknown escape \\\(escaped)")
            }
        }
        return .string(result)
    }

    /// `["a", "b"]`: quoted strings separated by commas (a trailing comma allowed), nothing nested.
    private static func parseStrings(_ text: String, line: Int) throws -> [String] {
        guard text.hasSuffix("]") else { throw error(line, "an array must close with ']' on the same line") }
        var items: [String] = []
        var rest = Substring(text.dropFirst().dropLast())
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { return items }
            guard rest.first == "\"" else { throw error(line, "an array holds quoted strings only") }
            // The closing quote is the first one not escaped by a backslash.
            var end = rest.index(after: rest.startIndex)
            var escaped = false
            while end < rest.endIndex, escaped || rest[end] != "\"" {
                escaped = !escaped && rest[end] == "\\"
                end = rest.index(after: end)
            }
            guard end < rest.endIndex else { throw error(line, "unterminated string in array") }
            guard case .string(let item) = try parseValue(String(rest[...end]), line: line) else {
                throw error(line, "an array holds quoted strings only")
            }
            items.append(item)
            rest = rest[rest.index(after: end)...].drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { return items }
            guard rest.first == "," else { throw error(line, "expected ',' between the strings of an array") }
            rest = rest.dropFirst()
        }
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for (offset, character) in line.enumerated() {
            if escaped {
                escaped = false
            } else if character == "\\" && inString {
                escaped = true
            } else if character == "\"" {
                inString.toggle()
            } else if character == "#" && !inString {
                return String(line.prefix(offset))
            }
        }
        return line
    }

    private static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
    }

    private static func error(_ line: Int, _ reason: String) -> AuthorityError {
        AuthorityError(.invalidConfiguration, "config.toml line \(line): \(reason)")
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(
            drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                .reversed()
        )
    }

    fileprivate var replacingUnderscores: String { filter { $0 != "_" } }
}
