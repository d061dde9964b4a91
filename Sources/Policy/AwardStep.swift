/// One row of the award table: from this many experience points an assurer may award up to `maximumAward`.
public struct AwardStep: Sendable, Hashable, Codable {
    /// The experience points at which this row starts to apply.
    public var minimumExperience: Int
    /// The most assurance points an assurer with that experience may award in one assurance.
    public var maximumAward: Int

    /// Creates a row.
    public init(minimumExperience: Int, maximumAward: Int) {
        self.minimumExperience = minimumExperience
        self.maximumAward = maximumAward
    }
}
