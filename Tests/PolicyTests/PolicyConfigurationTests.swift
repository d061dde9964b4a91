import Foundation
import Policy
import Testing

@Suite("Policy configuration")
struct PolicyConfigurationTests {
    @Test("The standard numbers")
    func standard() {
        let c = PolicyConfiguration.standard
        #expect(c.maxAssurancePoints == 100)
        #expect(c.assurancesFor50 == 2)
        #expect(c.assurancesFor100 == 3)
        #expect(c.ttpPointsCap == 35)
        #expect(c.ttpMaxCount == 2)
        #expect(c.experiencePerAssurance == 2)
        #expect(c.maxExperience == 50)
        #expect(
            c.awardTable.map { [$0.minimumExperience, $0.maximumAward] } == [
                [0, 10], [10, 15], [20, 20], [30, 25], [40, 30], [50, 35],
            ]
        )
        #expect(c.minorMaxAward == 10)
        #expect(c.adultAge == 18)
        #expect(c.assurerMinPoints == 100)
        #expect(c.challengeQuestions == 25)
        #expect(c.challengePassPercent == 80)
        #expect(c.nameMinPoints == 50)
        #expect(c.smimeDaysLow == 180)
        #expect(c.smimeDaysHigh == 730)
        #expect(c.smimeDaysCeiling == 825)
        #expect(c.codeSigningMinPoints == 100)
        #expect(c.codeSigningMaxDays == 460)
        #expect(c.tlsLifetimeTable.map(\.maximumDays) == [398, 200, 100, 47])
        #expect(c.tlsLifetimeTable.map(\.defaultDays) == [397, 199, 99, 46])
        #expect(c.tlsLifetimeTable.dropFirst().map(\.effectiveFrom) == Self.dates)
        #expect(c.domainValidationReuseTable.map(\.days) == [398, 200, 100, 10])
        #expect(c.domainValidationReuseTable.dropFirst().map(\.effectiveFrom) == Self.dates)
        #expect(c.emailValidationReuseDays == 30)
        #expect(c.probeLifetimeHours == 24)
    }

    static let dates = ["2026-03-15T00:00:00Z", "2027-03-15T00:00:00Z", "2029-03-15T00:00:00Z"].map(utc)

    @Test("Round-trips through JSON")
    func codable() throws {
        let data = try JSONEncoder().encode(PolicyConfiguration.standard)
        #expect(try JSONDecoder().decode(PolicyConfiguration.self, from: data) == .standard)
    }

    @Test("Violation codes are stable strings")
    func codes() {
        let codes: [PolicyViolation.Code] = [
            .selfAssurance, .duplicateAssurance, .pointsOutOfRange, .ttpPointsCap, .ttpLimit, .notAnAssurer,
            .malformedMeetingDate, .futureMeetingDate, .minorWithoutConsent, .memberMismatch, .insufficientPoints,
            .challengeNotPassed, .memberBlocked,
        ]
        #expect(
            codes.map(\.rawValue) == [
                "self-assurance", "duplicate-assurance", "points-out-of-range", "ttp-points-cap", "ttp-limit",
                "not-an-assurer", "malformed-meeting-date", "future-meeting-date", "minor-without-consent",
                "member-mismatch", "insufficient-points", "challenge-not-passed", "member-blocked",
            ]
        )
        #expect(CertificateProfileKind.allCases.map(\.rawValue) == ["smime", "tls", "codesign"])
    }
}
