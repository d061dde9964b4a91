import PKI

/// A p11-kit persist file (`.p11-kit`, as Fedora, RHEL and Arch ship their trust source): each
/// anchor with its label, the purposes Vouch serves attached to it as an extendedKeyUsage
/// extension (so p11-kit and everything reading its trust module limit the root to them), and
/// each retired CA as a distrusted certificate.
enum P11Kit {
    static func render(_ set: TrustSet) throws -> String {
        var text = "# The trust anchors of this release, for p11-kit (`trust list`, `trust extract`).\n"
        for entry in set.anchors {
            text += """

                [p11-kit-object-v1]
                class: certificate
                label: "\(quoted(entry.label))"
                trusted: true
                x-distrusted: false
                modifiable: false
                \(try entry.certificate.pem)
                [p11-kit-object-v1]
                class: x-certificate-extension
                label: "\(quoted(entry.label))"
                object-id: 2.5.29.37
                value: "\(percentEncoded(AttachedExtension.extendedKeyUsage(entry.purposes.map(\.oid))))"
                modifiable: false
                \(try entry.certificate.publicKey.pem)
                """
        }
        for entry in set.distrusted {
            text += """

                [p11-kit-object-v1]
                class: certificate
                label: "\(quoted(entry.label))"
                x-distrusted: true
                modifiable: false
                \(try entry.certificate.pem)
                """
        }
        return text
    }

    /// Every byte as `%XX`: p11-kit decodes a quoted value as a URL-encoded string.
    static func percentEncoded(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: false)
            return "%" + (digits.count == 1 ? "0" + digits : digits)
        }.joined()
    }

    /// Labels may hold any character: the few that p11-kit's parser would misread are encoded.
    private static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "%")
                || byte == UInt8(ascii: "\\")
            {
                output += Array(percentEncoded([byte]).utf8)
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
