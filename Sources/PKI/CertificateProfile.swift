/// The single purpose an issuing CA is constrained to by its extendedKeyUsage.
package enum CAPurpose: String, Sendable, Hashable, CaseIterable, Codable {
    case tls
    case smime
    case codeSigning = "codesign"

    /// The one EKU the issuing CA carries (TLS BR §7.1.2.10.6, S/MIME BR §7.1.2.2(g)).
    package var extendedKeyUsage: String {
        switch self {
        case .tls: return OID.serverAuth
        case .smime: return OID.emailProtection
        case .codeSigning: return OID.codeSigning
        }
    }

    /// The CA/B Forum reserved policy identifiers asserted by this CA: those of every profile it issues.
    /// Code signing has none: the Code Signing BRs need subscriber keys in hardware, which a CSR cannot prove.
    package var reservedPolicies: [String] {
        switch self {
        case .tls: return [OID.tlsDomainValidated]
        case .smime: return [OID.smimeMailboxValidatedStrict, OID.smimeIndividualValidatedStrict]
        case .codeSigning: return []
        }
    }

    package var displayName: String {
        switch self {
        case .tls: return "TLS"
        case .smime: return "S/MIME"
        case .codeSigning: return "Code Signing"
        }
    }
}

/// What a certificate is for; each profile sets exactly the extensions its rules ask for.
package enum CertificateProfile: Sendable, Hashable, CustomStringConvertible {
    case rootCA
    case issuingCA(CAPurpose)
    /// S/MIME mailbox-validated, strict generation (S/MIME BR §7.1.2.3).
    case smimeMailbox
    /// S/MIME individual-validated, strict (S/MIME BR §7.1.2.3, §7.1.4.2.4): the assured name in
    /// givenName, surname and commonName, for members with enough assurance points.
    case smimeIndividual
    /// TLS domain-validated subscriber certificate (TLS BR §7.1.2.7).
    case tlsDomain
    /// Individual code signing (Code Signing BR §7.1.2.3), with Vouch's own policy only.
    case codeSigning

    package init?(name: String) {
        switch name.lowercased() {
        case "smime": self = .smimeMailbox
        case "smime-individual": self = .smimeIndividual
        case "tls": self = .tlsDomain
        case "codesign": self = .codeSigning
        case "root-ca": self = .rootCA
        default:
            guard name.hasPrefix("issuing-ca-"), let purpose = CAPurpose(rawValue: String(name.dropFirst(11))) else {
                return nil
            }
            self = .issuingCA(purpose)
        }
    }

    package var name: String {
        switch self {
        case .rootCA: return "root-ca"
        case .issuingCA(let purpose): return "issuing-ca-\(purpose.rawValue)"
        case .smimeMailbox: return "smime"
        case .smimeIndividual: return "smime-individual"
        case .tlsDomain: return "tls"
        case .codeSigning: return "codesign"
        }
    }

    package var description: String { name }

    /// The issuing CA that signs certificates of this subscriber profile.
    package var issuingPurpose: CAPurpose? {
        switch self {
        case .smimeMailbox, .smimeIndividual: return .smime
        case .tlsDomain: return .tls
        case .codeSigning: return .codeSigning
        case .rootCA, .issuingCA: return nil
        }
    }

    package var isCA: Bool {
        switch self {
        case .rootCA, .issuingCA: return true
        case .smimeMailbox, .smimeIndividual, .tlsDomain, .codeSigning: return false
        }
    }
}
