import Foundation

/// The translations of the reasons Vouch gives a member in its own words (a refusal, a rule, a
/// problem with a request), from `Templates/LOCALE/reasons.txt`. The English text is the key, as
/// the program writes it, with each value it fills in numbered `{1}`, `{2}` …:
///
/// ```
/// this confirmation expired; send the request again
/// = diese Bestätigung ist abgelaufen; senden Sie die Anfrage erneut
/// ```
///
/// A reason no entry matches stays English: a new message is never lost, only untranslated, and
/// the completeness test names it.
package struct ReasonCatalog: Sendable {
    package struct Entry: Sendable, Hashable {
        package let english: String
        package let translated: String
        fileprivate let pieces: [Piece]
    }

    fileprivate enum Piece: Sendable, Hashable {
        case text(String)
        case value(Int)
    }

    package let entries: [Entry]
    /// The entries with the most literal text first, so that the most specific one wins.
    private let bySpecificity: [Entry]

    package init(_ templates: TemplateLibrary) throws {
        guard templates.language != nil, templates.isTranslated("reasons.txt") else {
            entries = []
            bySpecificity = []
            return
        }
        let (text, origin) = try templates.text("reasons.txt")
        var entries: [Entry] = []
        var english: (text: String, line: Int)?
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty {
                if let pending = english {
                    throw SiteError(.malformedInput, "\(origin):\(pending.line): no '= translation' line follows")
                }
                continue
            }
            if line.hasPrefix("=") {
                guard let key = english else {
                    throw SiteError(.malformedInput, "\(origin):\(index + 1): a translation with no English line above")
                }
                let translated = line.dropFirst().trimmingCharacters(in: .whitespaces)
                let pieces = Self.pieces(key.text)
                let values = Set(
                    pieces.compactMap { piece -> Int? in
                        guard case .value(let number) = piece else { return nil }
                        return number
                    }
                )
                let used = Set(MessageCatalog.placeholders(in: translated).compactMap(Int.init))
                guard used == values else {
                    throw SiteError(
                        .malformedInput,
                        "\(origin):\(index + 1): the translation fills in \(used.sorted()), the English \(values.sorted())"
                    )
                }
                entries.append(Entry(english: key.text, translated: translated, pieces: pieces))
                english = nil
            } else {
                if let pending = english {
                    throw SiteError(.malformedInput, "\(origin):\(pending.line): no '= translation' line follows")
                }
                english = (line, index + 1)
            }
        }
        if let pending = english {
            throw SiteError(.malformedInput, "\(origin):\(pending.line): no '= translation' line follows")
        }
        self.entries = entries
        bySpecificity = entries.sorted { Self.literalLength($0.pieces) > Self.literalLength($1.pieces) }
    }

    /// A SHA-256 over every entry, for page input hashes.
    package var fingerprint: String {
        var hasher = ContentHasher()
        for entry in entries {
            hasher.add(entry.english)
            hasher.add(entry.translated)
        }
        return hasher.hex
    }

    /// `reason` in the catalogue's language: the whole reason if an entry matches it, else each of
    /// its `; `-separated parts; the values an entry captures are translated in turn.
    package func translate(_ reason: String) -> String {
        guard !entries.isEmpty else { return reason }
        return translate(reason, depth: 0)
    }

    private func translate(_ reason: String, depth: Int) -> String {
        if depth > 3 { return reason }
        if let whole = match(reason, depth: depth) { return whole }
        let parts = reason.components(separatedBy: "; ")
        guard parts.count > 1 else { return reason }
        return parts.map { match($0, depth: depth) ?? $0 }.joined(separator: "; ")
    }

    private func match(_ text: String, depth: Int) -> String? {
        for entry in bySpecificity {
            guard let values = Self.values(of: entry.pieces, in: Substring(text)) else { continue }
            var result = entry.translated
            for (number, value) in values.enumerated() {
                result = result.replacingOccurrences(
                    of: "{\(number + 1)}",
                    with: translate(String(value), depth: depth + 1)
                )
            }
            return result
        }
        return nil
    }

    /// The values of a pattern's placeholders in `text`, or nil if it does not match; each value is
    /// as short as the text after it allows.
    private static func values(of pieces: [Piece], in text: Substring) -> [Substring]? {
        guard let first = pieces.first else { return text.isEmpty ? [] : nil }
        switch first {
        case .text(let literal):
            guard text.hasPrefix(literal) else { return nil }
            return values(of: Array(pieces.dropFirst()), in: text.dropFirst(literal.count))
        case .value:
            let rest = Array(pieces.dropFirst())
            guard case .text(let next)? = rest.first else {
                return rest.isEmpty && !text.isEmpty ? [text] : nil
            }
            // A value is never empty.
            guard !text.isEmpty else { return nil }
            var searchFrom = text.index(after: text.startIndex)
            while let found = text[searchFrom...].range(of: next) {
                if let tail = values(of: rest, in: text[found.lowerBound...]) {
                    return [text[..<found.lowerBound]] + tail
                }
                searchFrom = text.index(after: found.lowerBound)
            }
            return nil
        }
    }

    private static func pieces(_ english: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(english)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
            let number = Int(rest[rest.index(after: open)..<close])
        {
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            pieces.append(.value(number))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    private static func literalLength(_ pieces: [Piece]) -> Int {
        pieces.reduce(0) { total, piece in
            if case .text(let text) = piece { return total + text.count }
            return total
        }
    }
}
