/// One header field as it arrived (RFC 5322 §2.2): the name as written and the value unfolded.
package struct HeaderField: Sendable, Hashable {
    package let name: String
    /// The unfolded value (§2.2.3: CRLF removed, the white space after it kept), trimmed, with encoded words
    /// left as they are: structured fields (addresses, Content-Type) are parsed from this.
    package let rawValue: String
    /// The value for people: RFC 2047 encoded words decoded, control characters turned into spaces.
    package let value: String

    package init(name: String, rawValue: String, value: String) {
        self.name = name
        self.rawValue = rawValue
        self.value = value
    }

    /// Field names are case-insensitive (RFC 5322 §1.2.2).
    package func hasName(_ other: String) -> Bool {
        name.utf8.count == other.utf8.count && name.lowercased() == other.lowercased()
    }
}
