/// A member's assurance points with their breakdown, for the operator's view and every privilege decision.
public struct AssurancePoints: Sendable, Hashable, Codable {
    /// The points that count, after every cap.
    public var points: Int
    /// The sum of the counted contributions before the overall caps.
    public var uncappedPoints: Int
    /// Assurances that add at least one point.
    public var countedAssurances: Int
    /// Each received assurance in meeting-date order, with what it counts for.
    public var contributions: [AssuranceContribution]
    /// The overall cap that lowered `points` below `uncappedPoints`, citing its rule; nil when none did.
    public var limitingRule: String?

    /// Creates a breakdown.
    public init(
        points: Int,
        uncappedPoints: Int,
        countedAssurances: Int,
        contributions: [AssuranceContribution],
        limitingRule: String? = nil
    ) {
        self.points = points
        self.uncappedPoints = uncappedPoints
        self.countedAssurances = countedAssurances
        self.contributions = contributions
        self.limitingRule = limitingRule
    }
}
