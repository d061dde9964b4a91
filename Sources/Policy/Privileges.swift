/// What a member may do at a given moment, with the points behind it: the operator's and the member's view.
public struct Privileges: Sendable, Hashable, Codable {
    /// Assurance points after every cap (at most 100 by default).
    public var assurancePoints: Int
    /// Experience points from assurances given (at most 50 by default).
    public var experiencePoints: Int
    /// Assurance plus experience points (at most 150 by default).
    public var totalPoints: Int
    /// Whether the member is under 18.
    public var isMinor: Bool
    /// Whether the member's name may appear in certificates.
    public var nameMayAppear: Bool
    /// Whether the member holds assurer status.
    public var isAssurer: Bool
    /// The most points the member may award now; 0 when not an assurer.
    public var maximumAward: Int
    /// The certificate kinds the member may request (each still needs a verified address or domain).
    public var profiles: Set<CertificateProfileKind>
    /// The S/MIME lifetime the member's certificates get, in days.
    public var smimeLifetimeDays: Int

    /// Creates a privileges summary.
    public init(
        assurancePoints: Int,
        experiencePoints: Int,
        totalPoints: Int,
        isMinor: Bool,
        nameMayAppear: Bool,
        isAssurer: Bool,
        maximumAward: Int,
        profiles: Set<CertificateProfileKind>,
        smimeLifetimeDays: Int
    ) {
        self.assurancePoints = assurancePoints
        self.experiencePoints = experiencePoints
        self.totalPoints = totalPoints
        self.isMinor = isMinor
        self.nameMayAppear = nameMayAppear
        self.isAssurer = isAssurer
        self.maximumAward = maximumAward
        self.profiles = profiles
        self.smimeLifetimeDays = smimeLifetimeDays
    }
}
