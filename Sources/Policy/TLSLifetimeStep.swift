import Foundation

/// One row of the TLS BR 6.3.2 validity table: certificates issued from `effectiveFrom` on.
public struct TLSLifetimeStep: Sendable, Hashable, Codable {
    /// The first instant (UTC) at which the row applies.
    public var effectiveFrom: Date
    /// The longest validity allowed, in days counted inclusively (BR 6.3.2).
    public var maximumDays: Int
    /// The lifetime Vouch issues by default: the recommended value under the maximum (pkilint warns above it).
    public var defaultDays: Int

    /// Creates a row.
    public init(effectiveFrom: Date, maximumDays: Int, defaultDays: Int) {
        self.effectiveFrom = effectiveFrom
        self.maximumDays = maximumDays
        self.defaultDays = defaultDays
    }
}
