import Failure

/// A refusal or failure from the registry: a stable `code` for scripts and tests, and a `reason`
/// an operator or member can act on. A struct rather than an enum so new codes do not break callers.
package struct StoreError: VouchFailure, Hashable {
    /// A stable, machine-readable identifier; its `rawValue` appears in `--json` output.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String

        package init(rawValue: String) {
            self.rawValue = rawValue
        }

        package var description: String { rawValue }

        package static let unknownMember = Code(rawValue: "unknown-member")
        package static let memberExists = Code(rawValue: "member-exists")
        package static let addressOwnedByAnother = Code(rawValue: "address-owned-by-another")
        package static let domainOwnedByAnother = Code(rawValue: "domain-owned-by-another")
        package static let unknownAddress = Code(rawValue: "unknown-address")
        package static let unknownDomain = Code(rawValue: "unknown-domain")
        package static let primaryAddressInUse = Code(rawValue: "primary-address-in-use")
        package static let malformedInput = Code(rawValue: "malformed-input")
        package static let malformedDate = Code(rawValue: "malformed-date")
        package static let selfAssurance = Code(rawValue: "self-assurance")
        package static let duplicateAssurance = Code(rawValue: "duplicate-assurance")
        package static let unknownAssurance = Code(rawValue: "unknown-assurance")
        package static let invalidPoints = Code(rawValue: "invalid-points")
        package static let alreadyRevoked = Code(rawValue: "already-revoked")
        package static let unknownChallenge = Code(rawValue: "unknown-challenge")
        package static let challengeAlreadyGraded = Code(rawValue: "challenge-already-graded")
        package static let unknownIssuer = Code(rawValue: "unknown-issuer")
        package static let duplicateIssuer = Code(rawValue: "duplicate-issuer")
        package static let unknownCertificate = Code(rawValue: "unknown-certificate")
        package static let duplicateSerial = Code(rawValue: "duplicate-serial")
        package static let unknownRequest = Code(rawValue: "unknown-request")
        package static let invalidTransition = Code(rawValue: "invalid-transition")
        package static let unknownProbe = Code(rawValue: "unknown-probe")
        package static let probeUsed = Code(rawValue: "probe-used")
        package static let probeExpired = Code(rawValue: "probe-expired")
        package static let duplicateProbe = Code(rawValue: "duplicate-probe")
        package static let unknownJobRun = Code(rawValue: "unknown-job-run")
        package static let unknownDNSChallenge = Code(rawValue: "unknown-dns-challenge")
        package static let auditWriteFailed = Code(rawValue: "audit-write-failed")
        package static let corruptRow = Code(rawValue: "corrupt-row")
        package static let database = Code(rawValue: "database")
        package static let alreadyRetired = Code(rawValue: "already-retired")
        package static let unknownBundleSigner = Code(rawValue: "unknown-bundle-signer")
        package static let duplicateRelease = Code(rawValue: "duplicate-release")
    }

    package let code: Code
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { "\(code): \(reason)" }
}

extension StoreError {
    package var failureCode: String { code.rawValue }
}
