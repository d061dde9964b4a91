/// What one received assurance adds to a member's points, and why it adds less than recorded when it does.
public struct AssuranceContribution: Sendable, Hashable, Codable {
    /// The assurance as recorded.
    public var record: AssuranceRecord
    /// The points it counts for, before the member's overall caps.
    public var countedPoints: Int
    /// The rule that reduced it, if any (e.g. revoked, TTP cap, second assurance by the same assurer).
    public var note: String?

    /// Creates a contribution.
    public init(record: AssuranceRecord, countedPoints: Int, note: String? = nil) {
        self.record = record
        self.countedPoints = countedPoints
        self.note = note
    }
}
