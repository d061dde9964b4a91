import Bundles
import DNS
import Failure
import Foundation
import Mail
import Policy
import Site
import Store
import Testing

@testable import Authority
@testable import PKI

/// Every module's errors share one shape, which the robot, the runner and the command line read
/// without knowing the concrete type.
@Suite struct FailureShapeTests {
    static let failures: [(any VouchFailure, String)] = [
        (AuthorityError(.refused, "authority reason"), "refused"),
        (StoreError(.duplicateAssurance, "store reason"), "duplicate-assurance"),
        (PKIError(.malformedCertificate, "pki reason"), "malformed-certificate"),
        (MailError(code: "maildir", reason: "mail reason"), "maildir"),
        (DNSError(.timeout, "dns reason"), "dns-timeout"),
        (SiteError(.missingFile, "site reason"), "missing-file"),
        (BundleError(.archive, "bundle reason"), "archive"),
        (PolicyViolation(code: .selfAssurance, reason: "policy reason"), "self-assurance"),
        (DomainName.Refusal(reason: "name reason"), "malformed-domain-name"),
    ]

    @Test func eachModuleErrorHasACodeAndAReason() {
        for (failure, code) in Self.failures {
            #expect(failure.failureCode == code, "\(type(of: failure))")
            #expect(failure.reason.hasSuffix("reason"), "\(type(of: failure))")
            #expect(failureReason(failure) == failure.reason)
        }
    }

    @Test func anyOtherErrorIsDescribed() {
        struct Unexpected: Error, CustomStringConvertible { var description: String { "something else" } }
        #expect(failureReason(Unexpected()) == "something else")
    }
}
