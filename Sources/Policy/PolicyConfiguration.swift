import Foundation

/// Every number of the web-of-trust and issuance policy, with Vouch's defaults in `standard` (DESIGN.md, "Policy
/// defaults").
public struct PolicyConfiguration: Sendable, Hashable, Codable {
    // MARK: Assurance points

    /// Most assurance points a member can hold from assurances (Assurance Policy §4.2).
    public var maxAssurancePoints: Int
    /// Counted assurances needed to reach `nameMinPoints`; with fewer the total stops one below it.
    public var assurancesFor50: Int
    /// Counted assurances needed to reach `maxAssurancePoints`; with fewer the total stops one below it.
    public var assurancesFor100: Int
    /// Most points one TTP-assisted assurance counts for (TTP-Assisted-Assurance Policy).
    public var ttpPointsCap: Int
    /// How many TTP-assisted assurances count at all, earliest first (TTP-Assisted-Assurance Policy).
    public var ttpMaxCount: Int

    // MARK: Experience and awards

    /// Experience points an assurer earns per assurance given (Assurance Policy §4.3).
    public var experiencePerAssurance: Int
    /// Most experience points an assurer can hold (Assurance Policy §4.3).
    public var maxExperience: Int
    /// Most points an assurer may award, by experience, ascending (Assurance Policy §4.3).
    public var awardTable: [AwardStep]
    /// Most points an assurer under `adultAge` may award, whatever the experience (PoJAM).
    public var minorMaxAward: Int
    /// Age from which a member needs no parental consent (PoJAM §1).
    public var adultAge: Int

    // MARK: Assurer status

    /// Assurance points an assurer needs (Assurance Policy §3).
    public var assurerMinPoints: Int
    /// Questions in one Assurer Challenge (Assurance Policy §3.1).
    public var challengeQuestions: Int
    /// Pass mark of the Assurer Challenge, in percent of the questions (Assurance Policy §3.1).
    public var challengePassPercent: Int
    /// Days a mailed Assurer Challenge may be answered (Assurance Policy, the Assurer Challenge).
    public var challengeTokenDays: Int
    /// Sittings of the Assurer Challenge a member may start in 24 hours; attempts are otherwise unlimited.
    public var challengeAttemptsPerDay: Int
    /// Days after the meeting within which an assurance may still be recorded (Assurance Policy, the meeting date).
    public var meetingMaxAgeDays: Int

    // MARK: Privileges and lifetimes

    /// Assurance points from which the name may appear in certificates (Assurance Policy §2.2).
    public var nameMinPoints: Int
    /// S/MIME lifetime in days below `nameMinPoints` (CAcert CPS; S/MIME BR 6.3.2).
    public var smimeDaysLow: Int
    /// S/MIME lifetime in days at or above `nameMinPoints` (CAcert CPS; S/MIME BR 6.3.2).
    public var smimeDaysHigh: Int
    /// S/MIME lifetime never exceeds this many days (S/MIME BR 6.3.2).
    public var smimeDaysCeiling: Int
    /// Assurance points code signing needs (CAcert CPS; Vouch policy).
    public var codeSigningMinPoints: Int
    /// Code-signing lifetime in days (Code Signing BR 6.3.2, certificates issued from 2026-03-01).
    public var codeSigningMaxDays: Int
    /// TLS validity by issuance date, ascending; the first row should start at `Date.distantPast` (TLS BR 6.3.2).
    public var tlsLifetimeTable: [TLSLifetimeStep]
    /// Domain-validation reuse by issuance date, ascending; the first row should start at `Date.distantPast` (TLS BR
    /// 4.2.1, 3.2.2.4).
    public var domainValidationReuseTable: [ValidationReuseStep]
    /// Days a mailbox-control validation may be reused (S/MIME BR 3.2.2, 4.2.1).
    public var emailValidationReuseDays: Int
    /// Hours a probe token stays valid (S/MIME BR 3.2.2.2 random value; DESIGN.md).
    public var probeLifetimeHours: Int

    /// Creates a configuration; every parameter defaults to the value in `standard`.
    public init(
        maxAssurancePoints: Int = 100,
        assurancesFor50: Int = 2,
        assurancesFor100: Int = 3,
        ttpPointsCap: Int = 35,
        ttpMaxCount: Int = 2,
        experiencePerAssurance: Int = 2,
        maxExperience: Int = 50,
        awardTable: [AwardStep] = Self.standardAwardTable,
        minorMaxAward: Int = 10,
        adultAge: Int = 18,
        assurerMinPoints: Int = 100,
        challengeQuestions: Int = 25,
        challengePassPercent: Int = 80,
        challengeTokenDays: Int = 7,
        challengeAttemptsPerDay: Int = 3,
        meetingMaxAgeDays: Int = 365,
        nameMinPoints: Int = 50,
        smimeDaysLow: Int = 180,
        smimeDaysHigh: Int = 730,
        smimeDaysCeiling: Int = 825,
        codeSigningMinPoints: Int = 100,
        codeSigningMaxDays: Int = 460,
        tlsLifetimeTable: [TLSLifetimeStep] = Self.standardTLSLifetimeTable,
        domainValidationReuseTable: [ValidationReuseStep] = Self.standardDomainValidationReuseTable,
        emailValidationReuseDays: Int = 30,
        probeLifetimeHours: Int = 24
    ) {
        self.maxAssurancePoints = maxAssurancePoints
        self.assurancesFor50 = assurancesFor50
        self.assurancesFor100 = assurancesFor100
        self.ttpPointsCap = ttpPointsCap
        self.ttpMaxCount = ttpMaxCount
        self.experiencePerAssurance = experiencePerAssurance
        self.maxExperience = maxExperience
        self.awardTable = awardTable
        self.minorMaxAward = minorMaxAward
        self.adultAge = adultAge
        self.assurerMinPoints = assurerMinPoints
        self.challengeQuestions = challengeQuestions
        self.challengePassPercent = challengePassPercent
        self.challengeTokenDays = challengeTokenDays
        self.challengeAttemptsPerDay = challengeAttemptsPerDay
        self.meetingMaxAgeDays = meetingMaxAgeDays
        self.nameMinPoints = nameMinPoints
        self.smimeDaysLow = smimeDaysLow
        self.smimeDaysHigh = smimeDaysHigh
        self.smimeDaysCeiling = smimeDaysCeiling
        self.codeSigningMinPoints = codeSigningMinPoints
        self.codeSigningMaxDays = codeSigningMaxDays
        self.tlsLifetimeTable = tlsLifetimeTable
        self.domainValidationReuseTable = domainValidationReuseTable
        self.emailValidationReuseDays = emailValidationReuseDays
        self.probeLifetimeHours = probeLifetimeHours
    }

    /// Vouch's defaults.
    public static let standard = PolicyConfiguration()

    /// Experience 0→10, 10→15, 20→20, 30→25, 40→30, ≥50→35 (Assurance Policy §4.3).
    public static let standardAwardTable: [AwardStep] = [
        AwardStep(minimumExperience: 0, maximumAward: 10),
        AwardStep(minimumExperience: 10, maximumAward: 15),
        AwardStep(minimumExperience: 20, maximumAward: 20),
        AwardStep(minimumExperience: 30, maximumAward: 25),
        AwardStep(minimumExperience: 40, maximumAward: 30),
        AwardStep(minimumExperience: 50, maximumAward: 35),
    ]

    /// 398 days, then 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15; defaults one day under (TLS BR
    /// 6.3.2, ballot SC-081).
    public static let standardTLSLifetimeTable: [TLSLifetimeStep] = [
        TLSLifetimeStep(effectiveFrom: .distantPast, maximumDays: 398, defaultDays: 397),
        TLSLifetimeStep(effectiveFrom: utcMidnight(2026, 3, 15), maximumDays: 200, defaultDays: 199),
        TLSLifetimeStep(effectiveFrom: utcMidnight(2027, 3, 15), maximumDays: 100, defaultDays: 99),
        TLSLifetimeStep(effectiveFrom: utcMidnight(2029, 3, 15), maximumDays: 47, defaultDays: 46),
    ]

    /// 398 days, then 200 from 2026-03-15, 100 from 2027-03-15, 10 from 2029-03-15 (TLS BR 4.2.1 and 3.2.2.4, ballot
    /// SC-081).
    public static let standardDomainValidationReuseTable: [ValidationReuseStep] = [
        ValidationReuseStep(effectiveFrom: .distantPast, days: 398),
        ValidationReuseStep(effectiveFrom: utcMidnight(2026, 3, 15), days: 200),
        ValidationReuseStep(effectiveFrom: utcMidnight(2027, 3, 15), days: 100),
        ValidationReuseStep(effectiveFrom: utcMidnight(2029, 3, 15), days: 10),
    ]

    private static func utcMidnight(_ year: Int, _ month: Int, _ day: Int) -> Date {
        CalendarDay(year: year, month: month, day: day).startOfDay
    }
}
