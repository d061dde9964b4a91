import Foundation

/// The Public Suffix List (publicsuffix.org): the names under which anyone can register a domain
/// (`com`, `co.uk`, `github.io`). Vouch never certifies or verifies such a name itself: control of
/// `co.uk` is not something one member can prove (TLS BR 3.2.2.6 on wildcards, 3.2.2.4 on
/// validation "of the Base Domain Name").
///
/// Read from the list's own format (Debian: `/usr/share/publicsuffix/public_suffix_list.dat`):
/// one rule a line, `//` comments, `*.` wildcards and `!` exceptions (the publicsuffix.org algorithm).
package struct PublicSuffixList: Sendable {
    private let rules: Set<String>
    private let wildcards: Set<String>
    private let exceptions: Set<String>

    package init(text: String) {
        var rules = Set<String>()
        var wildcards = Set<String>()
        var exceptions = Set<String>()
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
            if line.isEmpty || line.hasPrefix("//") { continue }
            // Rules are Unicode; certificates and the registry hold A-labels.
            guard let rule = try? Self.aLabels(line.trimmingCharacters(in: CharacterSet(charactersIn: "!*.")))
            else { continue }
            if line.hasPrefix("!") {
                exceptions.insert(rule)
            } else if line.hasPrefix("*.") {
                wildcards.insert(rule)
            } else {
                rules.insert(rule)
            }
        }
        self.rules = rules
        self.wildcards = wildcards
        self.exceptions = exceptions
    }

    /// Reads the list from a file; an unreadable or empty list is an error, never an empty list.
    package init(contentsOf file: URL) throws {
        guard let data = FileManager.default.contents(atPath: file.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw PKIError(.encoding, "cannot read the Public Suffix List at \(file.path)")
        }
        self.init(text: text)
        guard rules.count > 100 else {
            throw PKIError(.encoding, "\(file.path) does not look like the Public Suffix List")
        }
    }

    /// The public suffix of an A-label name (the implicit rule `*` applies when none matches).
    package func publicSuffix(of name: String) -> String {
        let labels = name.lowercased().split(separator: ".").map(String.init)
        for start in labels.indices {
            let candidate = labels[start...].joined(separator: ".")
            if exceptions.contains(candidate) { return labels[(start + 1)...].joined(separator: ".") }
            if rules.contains(candidate) { return candidate }
            if start + 1 < labels.count, wildcards.contains(labels[(start + 1)...].joined(separator: ".")) {
                return candidate
            }
        }
        return labels.last ?? name
    }

    /// Whether `name` is itself a public suffix: nobody can prove control of it.
    package func isPublicSuffix(_ name: String) -> Bool {
        publicSuffix(of: name) == name.lowercased()
    }

    private static func aLabels(_ rule: String) throws -> String {
        guard !rule.unicodeScalars.allSatisfy(\.isASCII) else { return rule.lowercased() }
        return try rule.split(separator: ".").map { label in
            let text = String(label)
            if text.unicodeScalars.allSatisfy(\.isASCII) { return text.lowercased() }
            guard let encoded = DomainName.punycode(text.lowercased()) else {
                throw PKIError(.encoding, "cannot encode \(text)")
            }
            return "xn--" + encoded
        }.joined(separator: ".")
    }
}

/// Names no public CA may certify or validate: single labels and the special-use and reserved
/// top-level names (RFC 6761, RFC 6762, RFC 7686, RFC 8375, ICANN's .internal; TLS BR 7.1.2.7.12
/// "Internal Names").
package enum InternalNames {
    package static let reservedTopLevels: Set<String> = [
        "local", "internal", "localhost", "test", "invalid", "example", "onion", "arpa", "localdomain",
        "home", "corp", "lan", "intranet", "private",
    ]

    /// Why `name` is internal, or nil for a name in the public DNS.
    package static func reason(_ name: String) -> String? {
        let labels = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "'\(name)' is a single label, an internal name" }
        if let top = labels.last, reservedTopLevels.contains(String(top)) {
            return "'\(name)' is under .\(top), which is reserved and never public"
        }
        if name.hasSuffix(".home.arpa") { return "'\(name)' is a home network name (RFC 8375)" }
        return nil
    }
}
