/// A CAA resource record (RFC 8659 §4.1): a flags octet, a property tag and its value.
package struct CAARecord: Sendable, Hashable {
    package let flags: UInt8
    /// The property tag as published; tags compare case-insensitively (RFC 8659 §4.1).
    package let tag: String
    package let value: [UInt8]

    package init(flags: UInt8, tag: String, value: String) {
        self.flags = flags
        self.tag = tag
        self.value = Array(value.utf8)
    }

    /// Parses the wire-form rdata.
    package init(rdata: [UInt8]) throws(DNSError) {
        guard rdata.count >= 2 else { throw DNSError(.malformed, "a CAA record is shorter than its header") }
        let tagLength = Int(rdata[1])
        guard tagLength >= 1, 2 + tagLength <= rdata.count else {
            throw DNSError(.malformed, "a CAA record's tag length (\(tagLength)) does not fit the record")
        }
        let tagBytes = rdata[2..<(2 + tagLength)]
        // RFC 8659 §4.1.1: tags are US-ASCII letters and digits only.
        guard
            tagBytes.allSatisfy({
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
            })
        else {
            throw DNSError(.malformed, "a CAA record's tag is not letters and digits")
        }
        flags = rdata[0]
        tag = String(decoding: tagBytes, as: UTF8.self)
        value = Array(rdata[(2 + tagLength)...])
    }

    /// The Issuer Critical flag (bit 0, the high-order bit of the octet, RFC 8659 §4.1).
    package var isCritical: Bool { flags & 0x80 != 0 }

    /// The tag in lower case, for comparisons.
    package var normalisedTag: String { tag.lowercased() }

    package var valueText: String { String(decoding: value, as: UTF8.self) }

    /// The record as a zone file writes it: `0 issue "ca.example.org"`.
    package var presentation: String {
        var quoted = "\""
        for byte in value {
            switch byte {
            case 0x22, 0x5C: quoted += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E: quoted += String(UnicodeScalar(byte))
            default: quoted += "\\" + String(repeating: "0", count: 3 - String(byte).count) + String(byte)
            }
        }
        return "\(flags) \(tag) \(quoted)\""
    }
}

/// The value of an `issue` or `issuewild` property (RFC 8659 §4.2):
/// `*WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]`.
package struct CAAIssuerValue: Sendable, Hashable {
    /// The CA named, in lower case; nil for `;` alone, which authorises no CA.
    package let issuer: String?
    package let parameters: [String: String]

    /// Nil when the value does not follow the grammar; such a property authorises no one.
    package init?(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let parts = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let domain = parts[0].trimmingCharacters(where: isSpace)
        if domain.isEmpty {
            issuer = nil
        } else {
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let valid = labels.allSatisfy { label in
                guard let first = label.first, let last = label.last else { return false }
                return first.isASCIILetterOrDigit && last.isASCIILetterOrDigit
                    && label.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" }
            }
            guard valid else { return nil }
            issuer = domain.lowercased()
        }
        var parameters: [String: String] = [:]
        if parts.count == 2 {
            // Lenient about empty segments (`; ;`), strict about each parameter's shape.
            for parameter in parts[1].split(separator: ";") {
                let trimmed = parameter.trimmingCharacters(where: isSpace)
                if trimmed.isEmpty { continue }
                let pair = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { return nil }
                let tag = pair[0].trimmingCharacters(where: isSpace)
                let value = pair[1].trimmingCharacters(where: isSpace)
                guard !tag.isEmpty, tag.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" }),
                    value.allSatisfy({ !isSpace($0) })
                else { return nil }
                parameters[tag.lowercased()] = value
            }
        }
        self.parameters = parameters
    }
}

extension Character {
    fileprivate var isASCIILetterOrDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return (0x30...0x39).contains(ascii) || (0x41...0x5A).contains(ascii) || (0x61...0x7A).contains(ascii)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(where predicate: (Character) -> Bool) -> String {
        String(drop(while: predicate).reversed().drop(while: predicate).reversed())
    }
}
