import COpenSSL

/// A certificate or CRL extension with its value already DER-encoded (RFC 5280 §4.1.2.9).
struct Extension: Hashable {
    let oid: String
    let critical: Bool
    let value: [UInt8]

    /// The key usages of RFC 5280 §4.2.1.3, by bit number.
    enum KeyUsage: Int {
        case digitalSignature = 0
        case keyEncipherment = 2
        case keyAgreement = 4
        case keyCertSign = 5
        case cRLSign = 6
    }

    static func basicConstraints(isCA: Bool, pathLength: UInt64?) -> Extension {
        var fields: [[UInt8]] = []
        if isCA { fields.append(DER.boolean(true)) }  // DEFAULT FALSE is omitted in DER
        if let pathLength { fields.append(DER.integer(pathLength)) }
        return Extension(oid: OID.basicConstraints, critical: true, value: DER.sequence(fields))
    }

    static func keyUsage(_ usages: Set<KeyUsage>) -> Extension {
        Extension(oid: OID.keyUsage, critical: true, value: DER.namedBits(Set(usages.map(\.rawValue))))
    }

    static func extendedKeyUsage(_ purposes: [String]) -> Extension {
        Extension(oid: OID.extendedKeyUsage, critical: false, value: DER.sequence(purposes.map(DER.objectIdentifier)))
    }

    static func subjectAlternativeNames(_ names: SubjectAlternativeNames, critical: Bool) -> Extension {
        Extension(oid: OID.subjectAltName, critical: critical, value: names.der)
    }

    static func subjectKeyIdentifier(_ identifier: [UInt8]) -> Extension {
        Extension(oid: OID.subjectKeyIdentifier, critical: false, value: DER.octetString(identifier))
    }

    /// keyIdentifier only; authorityCertIssuer and serial are not used (TLS BR §7.1.2.11.1).
    static func authorityKeyIdentifier(_ identifier: [UInt8]) -> Extension {
        Extension(
            oid: OID.authorityKeyIdentifier,
            critical: false,
            value: DER.sequence([DER.context(0, constructed: false, identifier)])
        )
    }

    /// PolicyInformation entries without qualifiers.
    static func certificatePolicies(_ oids: [String]) -> Extension {
        Extension(
            oid: OID.certificatePolicies,
            critical: false,
            value: DER.sequence(oids.map { DER.sequence([DER.objectIdentifier($0)]) })
        )
    }

    /// One DistributionPoint with a fullName URI (RFC 5280 §4.2.1.13).
    static func crlDistributionPoint(_ url: String) -> Extension {
        Extension(oid: OID.crlDistributionPoints, critical: false, value: DER.sequence([distributionPoint(url)]))
    }

    static func caIssuers(_ url: String) -> Extension {
        Extension(
            oid: OID.authorityInfoAccess,
            critical: false,
            value: DER.sequence([
                DER.sequence([DER.objectIdentifier(OID.caIssuers), DER.uniformResourceIdentifier(url)])
            ])
        )
    }

    static func crlNumber(_ number: UInt64) -> Extension {
        Extension(oid: OID.crlNumber, critical: false, value: DER.integer(number))
    }

    static func crlReason(_ reason: RevocationReason) -> Extension {
        Extension(oid: OID.crlReason, critical: false, value: DER.enumerated(reason.rawValue))
    }

    /// A critical issuingDistributionPoint naming the URL the CRL is published at (RFC 5280 §5.2.5),
    /// so a CRL cannot be substituted for another issuer's partition.
    static func issuingDistributionPoint(
        _ url: String,
        onlyUserCertificates: Bool,
        onlyCACertificates: Bool
    ) -> Extension {
        var fields = [
            DER.context(0, constructed: true, DER.context(0, constructed: true, DER.uniformResourceIdentifier(url)))
        ]
        if onlyUserCertificates { fields.append(DER.context(1, constructed: false, [0xFF])) }
        if onlyCACertificates { fields.append(DER.context(2, constructed: false, [0xFF])) }
        return Extension(oid: OID.issuingDistributionPoint, critical: true, value: DER.sequence(fields))
    }

    /// DistributionPoint ::= SEQUENCE { distributionPoint [0] { fullName [0] GeneralNames } }
    private static func distributionPoint(_ url: String) -> [UInt8] {
        DER.sequence([
            DER.context(0, constructed: true, DER.context(0, constructed: true, DER.uniformResourceIdentifier(url)))
        ])
    }

    /// An OpenSSL `X509_EXTENSION` the caller owns.
    func makeX509Extension() throws -> OpaquePointer {
        guard let object = OBJ_txt2obj(oid, 1) else {
            throw PKIError.drainingOpenSSL(.encoding, "bad object identifier \(oid)")
        }
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        defer { ASN1_OCTET_STRING_free(octets) }
        guard ASN1_OCTET_STRING_set(octets, value, Int32(value.count)) == 1,
            let made = X509_EXTENSION_create_by_OBJ(nil, object, critical ? 1 : 0, octets)
        else { throw PKIError.drainingOpenSSL(.encoding, "could not build extension \(oid)") }
        return made
    }
}
