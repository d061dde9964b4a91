import Foundation

/// The `Name: value` lines a member writes in the body of a request (DESIGN.md, "the mail robot").
///
/// Keys are case-insensitive and the first value of a key wins, so a quoted earlier message or a repeated
/// line cannot override what the member wrote first. Quoted lines (starting with ">") are skipped, and
/// reading stops at the signature separator "-- " (RFC 3676 §4.3), whose contents are not a request.
package struct BodyFields: Sendable, Hashable {
    /// One field as written.
    package struct Field: Sendable, Hashable {
        /// The key as the member wrote it.
        package let name: String
        package let value: String
    }

    /// Every field in order, including repeated keys.
    package let fields: [Field]

    package init(fields: [Field]) { self.fields = fields }

    /// The first value for `key`, compared case-insensitively.
    package subscript(key: String) -> String? {
        let wanted = key.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    package var isEmpty: Bool { fields.isEmpty }

    package static func parse(_ text: String) -> BodyFields {
        var fields: [Field] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let untrimmed = String(rawLine)
            if untrimmed == "-- " || untrimmed == "--" { break }
            let line = untrimmed.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(">") { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard isKey(name) else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append(Field(name: name, value: value))
        }
        return BodyFields(fields: fields)
    }

    /// Letters, digits, "-" and "_", starting with a letter or digit (challenge answers are "1: b").
    private static func isKey(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || isDigit(first)
        else { return false }
        return name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || isDigit($0) || $0 == "-" || $0 == "_")
            }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
