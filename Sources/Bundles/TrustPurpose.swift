import PKI

/// What a trust anchor is trusted for, in each format's own words.
package enum TrustPurpose: String, Sendable, Hashable, CaseIterable, Comparable {
    case serverAuth
    case emailProtection
    case codeSigning

    /// The extendedKeyUsage purpose (RFC 5280 §4.2.1.12).
    package var oid: String {
        switch self {
        case .serverAuth: return OID.serverAuth
        case .emailProtection: return OID.emailProtection
        case .codeSigning: return OID.codeSigning
        }
    }

    init?(oid: String) {
        guard let match = Self.allCases.first(where: { $0.oid == oid }) else { return nil }
        self = match
    }

    /// The NSS trust attribute of this purpose (certdata.txt).
    var nssAttribute: String {
        switch self {
        case .serverAuth: return "CKA_TRUST_SERVER_AUTH"
        case .emailProtection: return "CKA_TRUST_EMAIL_PROTECTION"
        case .codeSigning: return "CKA_TRUST_CODE_SIGNING"
        }
    }

    package var displayName: String {
        switch self {
        case .serverAuth: return "TLS server authentication"
        case .emailProtection: return "email protection (S/MIME)"
        case .codeSigning: return "code signing"
        }
    }

    package static func < (left: TrustPurpose, right: TrustPurpose) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}
