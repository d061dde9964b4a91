import Foundation

/// The words Vouch itself puts into pages and mail outside the templates (page titles, chart labels,
/// what a confirmation mail asks to confirm), from `Templates/messages.txt` and its translations
/// `Templates/LOCALE/messages.txt`: one `key = text` per line, `#` comments, `{name}` for a value the
/// program fills in. A key the translation lacks falls back to the English text.
package struct MessageCatalog: Sendable, Hashable {
    /// The English texts, by key.
    package let base: [String: String]
    /// The translation's own texts, by key (empty for English).
    package let translated: [String: String]

    package init(_ templates: TemplateLibrary) throws {
        base = try Self.parse(templates.base, "messages.txt")
        if let language = templates.language, templates.isTranslated("messages.txt") {
            translated = try Self.parse(templates, "messages.txt")
            if let unknown = Set(translated.keys).subtracting(base.keys).sorted().first {
                throw SiteError(
                    .malformedInput,
                    "Templates/\(language)/messages.txt: '\(unknown)' is not a key of Templates/messages.txt"
                )
            }
        } else {
            translated = [:]
        }
    }

    /// A SHA-256 over every text, for page input hashes.
    package var fingerprint: String {
        var hasher = ContentHasher()
        for (key, value) in base.merging(translated, uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            hasher.add(key)
            hasher.add(value)
        }
        return hasher.hex
    }

    /// The text of `key` with each `{name}` replaced by `values[name]`. A key no catalogue has is a
    /// mistake in Vouch, shown as the key itself so that a test sees it.
    package func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = translated[key] ?? base[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The `{name}` placeholders of a text, sorted.
    package static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names.sorted()
    }

    /// `key = text` lines; a line that is neither that, a comment nor blank is an error naming it.
    static func parse(_ templates: TemplateLibrary, _ path: String) throws -> [String: String] {
        let (text, origin) = try templates.text(path)
        var entries: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw SiteError(.malformedInput, "\(origin):\(index + 1): expected 'key = text'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else {
                throw SiteError(.malformedInput, "\(origin):\(index + 1): '\(key)' is not a key (letters, digits, '.')")
            }
            guard entries[key] == nil else {
                throw SiteError(.malformedInput, "\(origin):\(index + 1): '\(key)' is set twice")
            }
            entries[key] = value
        }
        return entries
    }
}
