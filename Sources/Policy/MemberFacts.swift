/// What the policy needs to know about one member, as read from the registry.
public struct MemberFacts: Sendable, Hashable, Codable {
    /// The member's registry id.
    public var id: Int64
    /// Date of birth as on the identity document.
    public var dateOfBirth: CalendarDay
    /// Whether parental consent has been recorded (matters only while the member is under 18).
    public var parentalConsent: Bool
    /// Whether the member is blocked (by arbitration or the operator): no privileges at all.
    public var blocked: Bool
    /// Whether the member has passed the Assurer Challenge (see `PolicyConfiguration.passesChallenge`).
    public var passedChallenge: Bool
    /// Every assurance this member received, revoked ones included (they count 0).
    public var assurancesReceived: [AssuranceRecord]
    /// How many assurances this member has given and not had revoked.
    public var assurancesGiven: Int

    /// Creates the facts; a new member has no consent, no block, no challenge and no assurances.
    public init(
        id: Int64,
        dateOfBirth: CalendarDay,
        parentalConsent: Bool = false,
        blocked: Bool = false,
        passedChallenge: Bool = false,
        assurancesReceived: [AssuranceRecord] = [],
        assurancesGiven: Int = 0
    ) {
        self.id = id
        self.dateOfBirth = dateOfBirth
        self.parentalConsent = parentalConsent
        self.blocked = blocked
        self.passedChallenge = passedChallenge
        self.assurancesReceived = assurancesReceived
        self.assurancesGiven = assurancesGiven
    }
}
