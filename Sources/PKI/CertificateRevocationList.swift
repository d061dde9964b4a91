import COpenSSL
import Foundation

/// One revoked certificate on a CRL.
package struct RevokedEntry: Sendable, Hashable {
    package let serialNumber: SerialNumber
    package let revokedAt: Date
    /// nil means "no reason stated": the entry then carries no reasonCode (never `unspecified`).
    package let reason: RevocationReason?

    package init(serialNumber: SerialNumber, revokedAt: Date, reason: RevocationReason?) {
        self.serialNumber = serialNumber
        self.revokedAt = revokedAt
        self.reason = reason
    }
}

/// What a CRL says, before it is signed.
package struct CRLTemplate: Sendable {
    package var number: UInt64
    package var thisUpdate: Date
    package var nextUpdate: Date
    package var entries: [RevokedEntry]
    /// When set, the CRL carries a critical issuingDistributionPoint with this URL, which must equal
    /// the cRLDistributionPoints URL in the certificates it covers byte for byte.
    package var distributionPoint: String?
    /// A CA CRL (ARL) covers only CA certificates; a subscriber CRL only end-entity ones.
    package var coversCACertificates: Bool

    package init(
        number: UInt64,
        thisUpdate: Date,
        nextUpdate: Date,
        entries: [RevokedEntry],
        distributionPoint: String? = nil,
        coversCACertificates: Bool = false
    ) {
        self.number = number
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.entries = entries
        self.distributionPoint = distributionPoint
        self.coversCACertificates = coversCACertificates
    }
}

/// A v2 certificate revocation list (an OpenSSL `X509_CRL`, owned), RFC 5280 §5.
package final class CertificateRevocationList: @unchecked Sendable {
    // @unchecked: never mutated after signing or parsing; read-only X509_CRL objects are safe to share.
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_CRL_free(pointer) }

    package convenience init(der: [UInt8]) throws {
        guard let crl = decodeDER(der, { cursor, count in d2i_X509_CRL(nil, cursor, count) }) else {
            throw PKIError.drainingOpenSSL(.malformedCRL, "not a DER CRL")
        }
        try Self.requireReadableTimes(crl)
        self.init(taking: crl)
    }

    package convenience init(pem: String) throws {
        let bio = try MemoryBIO(bytes: Array(pem.utf8))
        guard let crl = PEM_read_bio_X509_CRL(bio.pointer, nil, nil, nil) else {
            throw PKIError.drainingOpenSSL(.malformedCRL, "not a PEM CRL")
        }
        try Self.requireReadableTimes(crl)
        self.init(taking: crl)
    }

    /// A CRL whose thisUpdate or nextUpdate cannot be read is refused, not dated to the distant
    /// past: its age decides whether relying parties are told it is stale.
    private static func requireReadableTimes(_ crl: OpaquePointer) throws {
        guard ASN1Time.date(X509_CRL_get0_lastUpdate(crl)) != nil,
            X509_CRL_get0_nextUpdate(crl) == nil || ASN1Time.date(X509_CRL_get0_nextUpdate(crl)) != nil
        else {
            X509_CRL_free(crl)
            throw PKIError(.malformedCRL, "its thisUpdate or nextUpdate is not a readable time")
        }
    }

    /// Signs a CRL for `issuer`, which must have a certificate (the CA whose certificates are listed).
    package static func sign(_ template: CRLTemplate, by issuer: Issuer) throws -> CertificateRevocationList {
        guard let issuerCertificate = issuer.certificate else {
            throw PKIError(.signing, "a CRL is signed by a CA with a certificate")
        }
        guard template.nextUpdate > template.thisUpdate else {
            throw PKIError(.signing, "nextUpdate must come after thisUpdate")
        }
        // RFC 5280 §5.2.3: CRL numbers are non-negative and below 2^159; UInt64 keeps us far below.
        guard let crl = X509_CRL_new() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        let owned = CertificateRevocationList(taking: crl)
        let thisUpdate = try ASN1Time.make(template.thisUpdate)
        defer { ASN1_TIME_free(thisUpdate) }
        let nextUpdate = try ASN1Time.make(template.nextUpdate)
        defer { ASN1_TIME_free(nextUpdate) }
        guard X509_CRL_set_version(crl, Int(X509_CRL_VERSION_2)) == 1,
            X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuerCertificate.pointer)) == 1,
            X509_CRL_set1_lastUpdate(crl, thisUpdate) == 1,
            X509_CRL_set1_nextUpdate(crl, nextUpdate) == 1
        else { throw PKIError.drainingOpenSSL(.signing, "could not fill in the CRL") }

        for entry in template.entries {
            try addRevoked(entry, to: crl)
        }
        guard X509_CRL_sort(crl) == 1 else { throw PKIError.drainingOpenSSL(.signing, "could not sort the CRL") }

        var extensions: [Extension] = [
            .authorityKeyIdentifier(try issuer.keyIdentifier),
            .crlNumber(template.number),
        ]
        if let url = template.distributionPoint {
            extensions.append(
                .issuingDistributionPoint(
                    url,
                    onlyUserCertificates: !template.coversCACertificates,
                    onlyCACertificates: template.coversCACertificates
                )
            )
        }
        for item in extensions {
            let x509Extension = try item.makeX509Extension()
            defer { X509_EXTENSION_free(x509Extension) }
            guard X509_CRL_add_ext(crl, x509Extension, -1) == 1 else {
                throw PKIError.drainingOpenSSL(.signing, "could not add CRL extension \(item.oid)")
            }
        }
        let key = issuer.privateKey
        guard X509_CRL_sign(crl, key.pointer, key.publicKey.signatureDigest) > 0 else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign the CRL")
        }
        return owned
    }

    private static func addRevoked(_ entry: RevokedEntry, to crl: OpaquePointer) throws {
        guard let revoked = X509_REVOKED_new() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        var handedOver = false
        defer { if !handedOver { X509_REVOKED_free(revoked) } }
        let serial = try entry.serialNumber.makeASN1Integer()
        defer { ASN1_INTEGER_free(serial) }
        let date = try ASN1Time.make(entry.revokedAt)
        defer { ASN1_TIME_free(date) }
        guard X509_REVOKED_set_serialNumber(revoked, serial) == 1,
            X509_REVOKED_set_revocationDate(revoked, date) == 1
        else { throw PKIError.drainingOpenSSL(.signing, "could not add a revoked entry") }
        if let reason = entry.reason {
            let x509Extension = try Extension.crlReason(reason).makeX509Extension()
            defer { X509_EXTENSION_free(x509Extension) }
            guard X509_REVOKED_add_ext(revoked, x509Extension, -1) == 1 else {
                throw PKIError.drainingOpenSSL(.signing, "could not add a reason code")
            }
        }
        guard X509_CRL_add0_revoked(crl, revoked) == 1 else {
            throw PKIError.drainingOpenSSL(.signing, "could not add a revoked entry")
        }
        handedOver = true
    }

    package var der: [UInt8] { get throws { try encodeDER("CRL") { i2d_X509_CRL(pointer, $0) } } }

    package var pem: String {
        get throws {
            String(decoding: try MemoryBIO.collect("CRL") { PEM_write_bio_X509_CRL($0, pointer) }, as: UTF8.self)
        }
    }

    package var text: String {
        get throws {
            String(decoding: try MemoryBIO.collect("CRL text") { X509_CRL_print($0, pointer) }, as: UTF8.self)
        }
    }

    package var thisUpdate: Date { ASN1Time.date(X509_CRL_get0_lastUpdate(pointer)) ?? .distantPast }
    package var nextUpdate: Date? { ASN1Time.date(X509_CRL_get0_nextUpdate(pointer)) }
    package var issuer: DistinguishedName { DistinguishedName(borrowing: X509_CRL_get_issuer(pointer)) }

    /// The serial numbers listed as revoked.
    package var revokedSerials: [SerialNumber] {
        guard let revoked = X509_CRL_get_REVOKED(pointer) else { return [] }
        return (0..<vouch_sk_X509_REVOKED_num(revoked)).compactMap { index in
            guard let entry = vouch_sk_X509_REVOKED_value(revoked, index) else { return nil }
            return SerialNumber(borrowing: X509_REVOKED_get0_serialNumber(entry))
        }
    }

    /// Whether `issuer`'s key made this CRL's signature.
    package func isSigned(by issuer: PublicKey) -> Bool {
        let verified = X509_CRL_verify(pointer, issuer.pointer) == 1
        _ = drainOpenSSLErrors()
        return verified
    }
}
