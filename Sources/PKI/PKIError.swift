import COpenSSL
import Failure

/// An error from the PKI module: a stable code, a reason a person can act on, and what OpenSSL said.
package struct PKIError: VouchFailure, Hashable {
    /// A stable identifier of the kind of failure, for scripts and tests.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package static let keyGeneration = Code(name: "key-generation")
        package static let unsupportedKey = Code(name: "unsupported-key")
        package static let weakKey = Code(name: "weak-key")
        package static let wrongPassphrase = Code(name: "wrong-passphrase")
        package static let malformedKey = Code(name: "malformed-key")
        package static let malformedCSR = Code(name: "malformed-csr")
        package static let badCSRSignature = Code(name: "bad-csr-signature")
        package static let csrRequestsCA = Code(name: "csr-requests-ca")
        package static let unsupportedSANType = Code(name: "unsupported-san-type")
        package static let malformedCertificate = Code(name: "malformed-certificate")
        package static let malformedCRL = Code(name: "malformed-crl")
        package static let invalidProfileInput = Code(name: "invalid-profile-input")
        package static let signing = Code(name: "signing")
        package static let malformedSignature = Code(name: "malformed-signature")
        package static let badSignature = Code(name: "bad-signature")
        package static let encoding = Code(name: "encoding")
        package static let randomness = Code(name: "randomness")
    }

    package let code: Code
    package let reason: String
    /// The OpenSSL error queue at the time of the failure, oldest first.
    package let openSSLErrors: [String]

    package init(_ code: Code, _ reason: String, openSSLErrors: [String] = []) {
        self.code = code
        self.reason = reason
        self.openSSLErrors = openSSLErrors
    }

    /// An error that takes (and so clears) OpenSSL's thread-local error queue with it.
    static func drainingOpenSSL(_ code: Code, _ reason: String) -> PKIError {
        PKIError(code, reason, openSSLErrors: drainOpenSSLErrors())
    }

    package var description: String {
        openSSLErrors.isEmpty ? reason : "\(reason) (\(openSSLErrors.joined(separator: "; ")))"
    }
}

/// Empties OpenSSL's error queue so that a later failure does not report a stale cause.
func drainOpenSSLErrors() -> [String] {
    var messages: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return messages
}

extension PKIError {
    package var failureCode: String { code.name }
}
