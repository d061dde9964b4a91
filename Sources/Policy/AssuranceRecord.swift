/// One assurance: who assured whom, for how many points, how and when.
public struct AssuranceRecord: Sendable, Hashable, Codable {
    /// The member who awarded the points.
    public var assurerID: Int64
    /// The member who received them.
    public var assureeID: Int64
    /// The points awarded, as recorded.
    public var points: Int
    /// Face to face or TTP-assisted.
    public var method: AssuranceMethod
    /// The day the parties met (may be malformed in a proposal; validation refuses it).
    public var meetingDate: CalendarDay
    /// Whether the assurance was revoked (then it counts 0 points).
    public var revoked: Bool

    /// Creates a record; face to face and not revoked unless stated.
    public init(
        assurerID: Int64,
        assureeID: Int64,
        points: Int,
        method: AssuranceMethod = .faceToFace,
        meetingDate: CalendarDay,
        revoked: Bool = false
    ) {
        self.assurerID = assurerID
        self.assureeID = assureeID
        self.points = points
        self.method = method
        self.meetingDate = meetingDate
        self.revoked = revoked
    }
}
