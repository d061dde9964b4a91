/// The shape every Vouch error shares: a stable code for scripts and logs, a reason a member or
/// operator can act on, and the context it happened in.
///
/// Each module keeps its own error type with codes of its own (STYLE.md: one concern per module);
/// the robot, the job runner and the command line read any of them through this protocol, without
/// switching over the concrete types.
package protocol VouchFailure: Error, Sendable, CustomStringConvertible {
    /// A stable code such as `duplicate-assurance` or `wrong-passphrase`.
    var failureCode: String { get }
    /// What went wrong, in words a member or operator can act on.
    var reason: String { get }
    /// Where it happened, when the reason does not say (file, line, request …); often empty.
    var failureContext: [String: String] { get }
}

extension VouchFailure {
    package var failureContext: [String: String] { [:] }
}

/// The reason of any error: a Vouch failure's own words, anything else as Swift describes it.
package func failureReason(_ error: any Error) -> String {
    (error as? any VouchFailure)?.reason ?? "\(error)"
}
