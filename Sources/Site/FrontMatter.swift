/// The `---` block at the top of a Markdown file: `key: value` lines (title, summary, order,
/// version, effective, …). Anything else there is an error that names the file and line.
package struct FrontMatter: Sendable, Hashable {
    package var fields: [String: String]
    /// The Markdown after the block.
    package var body: String
    /// The line of the file the body starts on, so that later errors can point into the file.
    package var bodyLine: Int

    package subscript(_ key: String) -> String? { fields[key] }

    /// Splits `text` (from `origin`, for messages) into its front matter and body. A file without
    /// a block has no fields.
    package init(parsing text: String, origin: String) throws {
        // "\r\n" is one Swift Character, so a CRLF file is split on line breaks of every kind,
        // not on "\n" alone (which would read it as one line without front matter).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        fields = [:]
        guard lines.first == "---" else {
            body = text
            bodyLine = 1
            return
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0 == "---" }) else {
            throw SiteError(.malformedInput, "\(origin):1: the front matter that starts here has no closing '---' line")
        }
        for (offset, line) in lines[..<end].enumerated() {
            let number = offset + 2
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw SiteError(
                    .malformedInput,
                    "\(origin):\(number): front matter lines are 'key: value', not '\(line)'"
                )
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw SiteError(.malformedInput, "\(origin):\(number): '\(key)' is not a front matter key")
            }
            guard fields[key] == nil else {
                throw SiteError(.malformedInput, "\(origin):\(number): '\(key)' is given twice")
            }
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[key] = value
        }
        body = lines[(end + 1)...].joined(separator: "\n")
        bodyLine = end + 3
    }

    /// A required field.
    package func require(_ key: String, origin: String) throws -> String {
        guard let value = fields[key], !value.isEmpty else {
            throw SiteError(.malformedInput, "\(origin):1: the front matter has no '\(key)'")
        }
        return value
    }

    /// A `YYYY-MM-DD` field, checked.
    package func day(_ key: String, origin: String) throws -> String? {
        guard let value = fields[key] else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil, (1...12).contains(month),
            (1...31).contains(day)
        else {
            throw SiteError(.malformedInput, "\(origin): '\(key): \(value)' is not a date (YYYY-MM-DD)")
        }
        return value
    }
}
