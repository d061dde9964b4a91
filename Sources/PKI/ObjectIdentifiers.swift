/// The object identifiers Vouch puts into certificates and CRLs (RFC 5280, CA/B Forum).
package enum OID {
    // Extensions, RFC 5280 §4.2 and §5.2.
    package static let subjectKeyIdentifier = "2.5.29.14"
    package static let keyUsage = "2.5.29.15"
    package static let subjectAltName = "2.5.29.17"
    package static let basicConstraints = "2.5.29.19"
    package static let crlNumber = "2.5.29.20"
    package static let crlReason = "2.5.29.21"
    package static let issuingDistributionPoint = "2.5.29.28"
    package static let crlDistributionPoints = "2.5.29.31"
    package static let certificatePolicies = "2.5.29.32"
    package static let authorityKeyIdentifier = "2.5.29.35"
    package static let extendedKeyUsage = "2.5.29.37"
    package static let authorityInfoAccess = "1.3.6.1.5.5.7.1.1"
    package static let caIssuers = "1.3.6.1.5.5.7.48.2"

    // Extended key usages, RFC 5280 §4.2.1.12.
    package static let serverAuth = "1.3.6.1.5.5.7.3.1"
    package static let codeSigning = "1.3.6.1.5.5.7.3.3"
    package static let emailProtection = "1.3.6.1.5.5.7.3.4"

    // CA/Browser Forum reserved policy identifiers.
    /// TLS Baseline Requirements §7.1.6.1: domain validated.
    package static let tlsDomainValidated = "2.23.140.1.2.1"
    /// S/MIME Baseline Requirements §7.1.6.1: mailbox-validated, strict.
    package static let smimeMailboxValidatedStrict = "2.23.140.1.5.1.3"
    /// S/MIME Baseline Requirements §7.1.6.1: individual-validated, strict.
    package static let smimeIndividualValidatedStrict = "2.23.140.1.5.4.3"
}
