/// Shape checks on text members send, done before any SQL so the refusal names the field.
enum InputCheck {
    /// A deliberately loose address check: one `@`, something on both sides, no spaces. Whether
    /// the address works is what the probe proves.
    static func emailAddress(_ raw: String) throws -> String {
        let address = raw.trimmingWhitespace()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !address.contains(where: { $0.isWhitespace || $0.isNewline }),
            address.utf8.count <= 254
        else {
            throw StoreError(.malformedInput, "\"\(raw)\" is not an email address of the form name@example.org")
        }
        return address
    }

    /// A DNS name in lower case without a trailing dot: LDH labels of 1–63 octets, at most 253 in
    /// all (RFC 1035 §2.3.4), at least two labels.
    static func domainName(_ raw: String) throws -> String {
        var name = raw.trimmingWhitespace().lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let labelsOK = labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { byte in
                    (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d
                }
        }
        guard labels.count >= 2, name.utf8.count <= 253, labelsOK else {
            throw StoreError(.malformedInput, "\"\(raw)\" is not a domain name such as example.org")
        }
        return name
    }

    /// Lower-case hex of the given length (or any non-zero length when `count` is nil).
    static func hex(_ raw: String, field: String, count: Int? = nil) throws -> String {
        let value = raw.lowercased()
        let digitsOK = value.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        guard digitsOK, !value.isEmpty, count.map({ value.utf8.count == $0 }) ?? true else {
            let length = count.map { "\($0) " } ?? ""
            throw StoreError(.malformedInput, "\(field) \"\(raw)\" is not \(length)hexadecimal digits")
        }
        return value
    }

    /// Non-empty after trimming, for names and free-text fields that must say something.
    static func text(_ raw: String, field: String) throws -> String {
        let value = raw.trimmingWhitespace()
        guard !value.isEmpty else {
            throw StoreError(.malformedInput, "\(field) is empty")
        }
        return value
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
