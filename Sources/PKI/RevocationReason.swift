/// CRL reason codes Vouch records (RFC 5280 §5.3.1).
///
/// `unspecified` (0) is deliberately absent: the TLS BR §7.2.2 and S/MIME BR §7.2.2 forbid it, and a
/// revocation without a stated reason simply carries no reasonCode extension. certificateHold is
/// never used either.
package enum RevocationReason: UInt8, Sendable, Hashable, CaseIterable, Codable {
    case keyCompromise = 1
    case caCompromise = 2
    case affiliationChanged = 3
    case superseded = 4
    case cessationOfOperation = 5
    case privilegeWithdrawn = 9

    /// The RFC 5280 name, as members write it in a revocation request.
    package var name: String {
        switch self {
        case .keyCompromise: return "keyCompromise"
        case .caCompromise: return "cACompromise"
        case .affiliationChanged: return "affiliationChanged"
        case .superseded: return "superseded"
        case .cessationOfOperation: return "cessationOfOperation"
        case .privilegeWithdrawn: return "privilegeWithdrawn"
        }
    }

    /// Parses a reason name, case-insensitively.
    package init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }
}
