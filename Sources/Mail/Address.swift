import Foundation

/// A mailbox as RFC 5322 §3.4 writes it: an optional display name and an addr-spec.
package struct Address: Sendable, Hashable, CustomStringConvertible {
    /// The addr-spec (local-part@domain). Parsing lower-cases it, because mail systems may fold the case of
    /// an address (DESIGN.md) and members do not type it consistently.
    package let mailbox: String
    /// The display name, RFC 2047 decoded; nil when there is none.
    package let displayName: String?

    package init(mailbox: String, displayName: String? = nil) {
        self.mailbox = mailbox
        self.displayName = displayName
    }

    package var localPart: String {
        guard let at = mailbox.lastIndex(of: "@") else { return mailbox }
        return String(mailbox[..<at])
    }

    package var domain: String {
        guard let at = mailbox.lastIndex(of: "@") else { return "" }
        return String(mailbox[mailbox.index(after: at)...])
    }

    /// The address as a header would show it, without encoding: `Name <mailbox>`.
    package var description: String {
        guard let displayName, !displayName.isEmpty else { return mailbox }
        return "\(displayName) <\(mailbox)>"
    }

    /// Every mailbox in an address-list header value (§3.4), taken before RFC 2047 decoding.
    ///
    /// Display names, quoted strings, comments, angle brackets, obsolete routes (`<@relay:user@host>`) and
    /// groups (`team: a@x, b@y;`, flattened) are understood. The old form `user@host (Full Name)` gives the
    /// comment as the display name. Entries without any address are skipped; nothing here throws.
    package static func parseList(_ value: String) -> [Address] {
        var addresses: [Address] = []
        var current: [AddressToken] = []
        var angleDepth = 0
        for token in AddressToken.scan(value) {
            switch token {
            case .special("<"):
                angleDepth += 1
                current.append(token)
            case .special(">"):
                angleDepth = max(0, angleDepth - 1)
                current.append(token)
            case .special(","), .special(";"):
                if angleDepth == 0 {
                    addresses += mailbox(from: current)
                    current = []
                } else {
                    current.append(token)
                }
            case .special(":") where angleDepth == 0:
                // A group's name (§3.4): what came before is not an address.
                current = []
            default:
                current.append(token)
            }
        }
        addresses += mailbox(from: current)
        return addresses
    }

    /// The lower-cased addr-spec of the first mailbox in a header value.
    package static func mailbox(of value: String) -> String? { parseList(value).first?.mailbox }

    /// Exactly one usable address, as a member writes it in a body field (`Add: jane@example.org`).
    package static func parse(_ value: String) throws -> Address {
        if HeaderWriter.breaksLine(value) { throw MailError.headerInjection("the address") }
        let found = parseList(value)
        guard found.count == 1, let address = found.first else {
            throw MailError.invalidAddress(String(value.prefix(100)), "expected exactly one address")
        }
        try validate(address.mailbox)
        return address
    }

    /// A body field that must be one plain addr-spec (`Add: jane@example.org`), nothing else: no display
    /// name, group, comment or angle brackets, so the address probed is exactly the address stored
    /// (`Add: ceo:me@bank.example` would otherwise probe one address and record another). Lower-cased.
    package static func plainAddrSpec(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let shown = String(trimmed.prefix(100))
        guard !trimmed.contains(where: { "<>()\",;: \t".contains($0) }) else {
            throw MailError.invalidAddress(shown, "write the address alone, as name@example.org")
        }
        try validate(trimmed)
        return trimmed.lowercased()
    }

    /// What the robot's reply limits count: the mailbox lower-cased with any `+tag` removed from the
    /// local part, since every `+tag` spelling reaches the same person.
    package static func limitKey(_ mailbox: String) -> String {
        let lowered = mailbox.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        let local = lowered[..<at]
        let base = local.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? local
        return String(base) + lowered[at...]
    }

    /// The domain of a mailbox, lower-cased ("" when there is no @).
    package static func domain(of mailbox: String) -> String {
        guard let at = mailbox.lastIndex(of: "@") else { return "" }
        return String(mailbox[mailbox.index(after: at)...]).lowercased()
    }

    /// Checks that `mailbox` is an addr-spec Vouch can send to: a dot-atom local part (RFC 5322 §3.4.1) of at
    /// most 64 octets and a host name in ASCII (A-labels for IDNs, RFC 5890) of at most 255 (RFC 5321 §4.5.3.1).
    package static func validate(_ mailbox: String) throws {
        if HeaderWriter.breaksLine(mailbox) { throw MailError.headerInjection("an address") }
        let shown = String(mailbox.prefix(100))
        let pieces = mailbox.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { throw MailError.invalidAddress(shown, "it needs exactly one @") }
        let local = pieces[0]
        let domain = pieces[1]
        guard !local.isEmpty, local.utf8.count <= 64 else {
            throw MailError.invalidAddress(shown, "the part before @ must have 1 to 64 characters")
        }
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard atoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isAtomText) }) else {
            throw MailError.invalidAddress(shown, "the part before @ has characters that are not allowed")
        }
        guard !domain.isEmpty, domain.utf8.count <= 255 else {
            throw MailError.invalidAddress(shown, "the domain is missing or too long")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let validLabels = labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { $0 < 128 && ($0 == UInt8(ascii: "-") || isAlphanumeric($0)) }
        }
        guard validLabels else {
            throw MailError.invalidAddress(shown, "the domain is not a valid host name (use the A-label of an IDN)")
        }
    }

    /// RFC 5322 §3.2.3 atext.
    static func isAtomText(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// One mailbox from the tokens between two commas, or none.
    private static func mailbox(from tokens: [AddressToken]) -> [Address] {
        guard !tokens.isEmpty else { return [] }
        var nameTokens = tokens
        var specTokens = tokens
        var comment: String?
        if let open = tokens.firstIndex(of: .special("<")) {
            nameTokens = Array(tokens[..<open])
            let rest = tokens[(open + 1)...]
            var inner = Array(rest.prefix { $0 != .special(">") })
            if let routeEnd = inner.lastIndex(of: .special(":")) { inner = Array(inner[(routeEnd + 1)...]) }
            specTokens = inner
        } else {
            nameTokens = []
            for case .comment(let text) in tokens where comment == nil {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { comment = trimmed }
            }
        }
        var spec = ""
        for token in specTokens {
            switch token {
            case .word(let text, let quoted):
                spec += quoted ? quotedIfNeeded(text) : text
            case .special(let character): spec.append(character)
            case .literal(let text): spec += "[\(text)]"
            case .comment: break
            }
        }
        guard !spec.isEmpty else { return [] }
        let phrase = self.phrase(nameTokens)
        let name = phrase.isEmpty ? comment.map { EncodedWord.decode($0) } : EncodedWord.decode(phrase)
        return [Address(mailbox: spec.lowercased(), displayName: name?.isEmpty == true ? nil : name)]
    }

    /// Display-name words joined by single spaces; a "." sticks to the word before it (obs-phrase, §4.1).
    private static func phrase(_ tokens: [AddressToken]) -> String {
        var output = ""
        for token in tokens {
            switch token {
            case .word(let text, _):
                if !output.isEmpty && !output.hasSuffix(" ") { output += " " }
                output += text
            case .special(let character):
                output.append(character)
            case .comment, .literal: break
            }
        }
        return output.trimmingCharacters(in: .whitespaces)
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { isAtomText($0) || $0 == UInt8(ascii: ".") }
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
