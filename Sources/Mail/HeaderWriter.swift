/// Writes header fields for outgoing mail, folded (RFC 5322 §2.2.3) so lines stay within 78 characters
/// where they can and never exceed 998 (§2.1.1).
struct HeaderWriter {
    private(set) var text = ""

    /// Appends `name: ` followed by `chunks`; every chunk after the first must start with white space, where
    /// the line may be folded. A single chunk longer than a line is kept whole, never cut.
    mutating func add(_ name: String, _ chunks: [String]) {
        var line = name + ":"
        for (index, chunk) in chunks.enumerated() {
            let piece = index == 0 ? " " + chunk : chunk
            if line.utf8.count + piece.utf8.count > 78, line.utf8.count > name.utf8.count + 1, piece.first == " " {
                text += line + "\r\n"
                line = ""
            }
            line += piece
        }
        text += line + "\r\n"
    }

    mutating func add(_ name: String, _ value: String) { add(name, [value]) }

    /// Whether `value` holds CR, LF or NUL, any of which would end a header line (RFC 5322 §2.2). Scalars, not
    /// Characters: "\r\n" is one Character and equal to neither "\r" nor "\n".
    static func breaksLine(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    /// Splits plain ASCII text at its spaces into chunks for `add`, keeping every space.
    static func words(_ value: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        for character in value {
            if character == " ", !current.isEmpty, current.contains(where: { $0 != " " }) {
                chunks.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
