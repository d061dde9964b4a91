import Foundation
import Policy
import Testing

@Suite("Maximum award")
struct AwardTests {
    @Test(
        "Every row of the award table and both sides of each boundary",
        arguments: [
            (0, 10), (9, 10), (10, 15), (19, 15), (20, 20), (29, 20), (30, 25), (39, 25), (40, 30), (49, 30),
            (50, 35), (51, 35), (150, 35), (-1, 10),
        ]
    )
    func table(experience: Int, expected: Int) {
        #expect(policy.maximumAward(experience: experience, isMinor: false) == expected)
        #expect(policy.maximumAward(experience: experience, assurerAge: 18) == expected)
    }

    @Test("At most 10 while under 18, whatever the experience", arguments: [0, 9, 10, 20, 30, 40, 50])
    func minor(experience: Int) {
        #expect(policy.maximumAward(experience: experience, isMinor: true) == 10)
        #expect(policy.maximumAward(experience: experience, assurerAge: 17) == 10)
    }

    @Test(
        "From assurances given",
        arguments: [(0, 10), (4, 10), (5, 15), (9, 15), (10, 20), (15, 25), (20, 30), (24, 30), (25, 35), (100, 35)]
    )
    func fromAssurancesGiven(given: Int, expected: Int) {
        let assurer = assurer(given: given)
        #expect(policy.maximumAward(by: assurer, on: day("2026-01-01")) == expected)
    }

    @Test("An assurer's cap lifts on the 18th birthday")
    func eighteenthBirthday() {
        let young = assurer(born: "2008-03-15", given: 25, consent: true)
        #expect(policy.maximumAward(by: young, on: day("2026-03-14")) == 10)
        #expect(policy.maximumAward(by: young, on: day("2026-03-15")) == 35)
    }

    @Test("The configured table is used, sorted by experience")
    func configured() {
        let custom = PolicyConfiguration(awardTable: [
            AwardStep(minimumExperience: 20, maximumAward: 30),
            AwardStep(minimumExperience: 0, maximumAward: 5),
        ])
        #expect(custom.maximumAward(experience: 19, isMinor: false) == 5)
        #expect(custom.maximumAward(experience: 20, isMinor: false) == 30)
    }
}
