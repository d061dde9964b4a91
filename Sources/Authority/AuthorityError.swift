import Failure

/// An error from running the CA: a stable code and a reason the operator can act on.
package struct AuthorityError: VouchFailure, Hashable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package static let alreadyInitialised = Code(name: "already-initialised")
        package static let notInitialised = Code(name: "not-initialised")
        package static let incompleteCeremony = Code(name: "incomplete-ceremony")
        package static let passphraseMissing = Code(name: "passphrase-missing")
        package static let weakPassphrase = Code(name: "weak-passphrase")
        package static let invalidConfiguration = Code(name: "invalid-configuration")
        package static let keyOffline = Code(name: "key-offline")
        package static let wrongPassphrase = Code(name: "wrong-passphrase")
        package static let refused = Code(name: "refused")
        package static let lintFailed = Code(name: "lint-failed")
        package static let unknownCertificate = Code(name: "unknown-certificate")
        package static let unknownMember = Code(name: "unknown-member")
        package static let io = Code(name: "io")
    }

    package let code: Code
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { reason }
}

extension AuthorityError {
    package var failureCode: String { code.name }
}
