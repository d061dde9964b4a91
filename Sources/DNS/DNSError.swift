import Failure

/// A lookup that gave no usable answer: a stable code for scripts and tests, and a reason the
/// member or operator can act on. A struct, so new codes do not break callers.
package struct DNSError: VouchFailure, Hashable {
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// The resolver could not be set up: a bad `[dns]` setting or a missing trust anchor.
        package static let configuration = Code(rawValue: "dns-configuration")
        /// No answer within the configured time.
        package static let timeout = Code(rawValue: "dns-timeout")
        /// An answer that is no answer: SERVFAIL, REFUSED, a CNAME loop, a broken server.
        package static let lookupFailed = Code(rawValue: "dns-lookup-failed")
        /// DNSSEC validation failed: the answer may have been forged and is never used.
        package static let bogus = Code(rawValue: "dns-bogus")
        /// The records are there but cannot be read (truncated rdata, a name that is no name).
        package static let malformed = Code(rawValue: "dns-malformed")
    }

    package let code: Code
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { reason }
}

extension DNSError {
    package var failureCode: String { code.rawValue }
}
