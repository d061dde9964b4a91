import Foundation

/// One row of the TLS BR 4.2.1 data-reuse table: domain validations used from `effectiveFrom` on.
public struct ValidationReuseStep: Sendable, Hashable, Codable {
    /// The first instant (UTC) at which the row applies.
    public var effectiveFrom: Date
    /// How many days a completed validation may be relied on.
    public var days: Int

    /// Creates a row.
    public init(effectiveFrom: Date, days: Int) {
        self.effectiveFrom = effectiveFrom
        self.days = days
    }
}
