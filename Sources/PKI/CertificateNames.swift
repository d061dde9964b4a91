/// Syntax checks for the names Vouch puts into certificates.
package enum CertificateNames {
    /// A single mailbox `local@domain`, ASCII, without spaces or control characters.
    package static func isMailbox(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, address.utf8.count <= 254 else { return false }
        guard address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }) else {
            return false
        }
        return isPublicDNSName(String(parts[1]))
    }

    /// A fully qualified LDH name (A-labels for IDNs), at least two labels, no wildcard, no IP address.
    package static func isPublicDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253, name == name.lowercased() else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            guard label.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { return false }
        }
        // The last label of a public name is alphabetic (or an IDN A-label): rules out IP addresses.
        guard let top = labels.last, top.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) else {
            return false
        }
        return true
    }
}
