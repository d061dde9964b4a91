import Failure

/// A refusal by the policy: a stable machine code and a human reason that names the rule broken.
public struct PolicyViolation: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable identifier for scripts, logs and tests (e.g. `duplicate-assurance`).
    public var code: Code
    /// What was wrong, citing the rule, in words a member or operator can act on.
    public var reason: String

    /// Creates a violation.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }
}

extension PolicyViolation: VouchFailure {
    package var failureCode: String { code.rawValue }
}
