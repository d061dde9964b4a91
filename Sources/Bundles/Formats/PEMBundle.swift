import PKI

/// The anchors as one PEM file with a comment block before each certificate, in the layout of
/// Python's certifi (`cacert.pem`): what `curl --cacert`, `requests` and `ssl` load.
enum PEMBundle {
    static func render(_ anchors: [TrustSet.Entry]) throws -> String {
        try anchors.map { entry in
            let certificate = entry.certificate
            return """

                # Issuer: \(certifiName(certificate.issuer))
                # Subject: \(certifiName(certificate.subject))
                # Label: "\(entry.label)"
                # Serial: \(certificate.serialNumber.decimal)
                # MD5 Fingerprint: \(try certificate.md5Fingerprint.colonHex.lowercased())
                # SHA1 Fingerprint: \(try certificate.sha1Fingerprint.colonHex.lowercased())
                # SHA256 Fingerprint: \(try certificate.sha256Fingerprint.colonHex.lowercased())
                \(try certificate.pem)
                """
        }.joined()
    }

    /// certifi's names: commonName, organizationName, organizationalUnitName, in that order.
    static func certifiName(_ name: DistinguishedName) -> String {
        let order: [DistinguishedName.AttributeType] = [.commonName, .organization, .organizationalUnit]
        return order.flatMap { type in name.values(of: type).map { "\(type.rawValue)=\($0)" } }
            .joined(separator: " ")
    }
}
