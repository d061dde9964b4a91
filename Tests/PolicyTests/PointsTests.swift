import Foundation
import Policy
import Testing

@Suite("Assurance, experience and total points")
struct PointsTests {
    @Suite("Assurance points")
    struct AssurancePointsTests {
        @Test(
            "Sums and the 100-point cap",
            arguments: [
                ([Int](), 0, 0),
                ([35], 35, 1),
                ([35, 35], 70, 2),
                ([10, 10, 10, 10, 10], 50, 5),
                ([35, 35, 29], 99, 3),
                ([35, 35, 30], 100, 3),
                ([35, 35, 35], 100, 3),
                ([35, 35, 35, 35, 35], 100, 5),
                ([35, 0, 0], 35, 1),
            ]
        )
        func sums(points: [Int], expected: Int, counted: Int) {
            let result = policy.assurancePoints(received: assurances(points))
            #expect(result.points == expected)
            #expect(result.countedAssurances == counted)
        }

        @Test("Above 100 the cap names its rule")
        func capRule() {
            let result = policy.assurancePoints(received: assurances([35, 35, 35]))
            #expect(result.uncappedPoints == 105)
            #expect(result.limitingRule?.contains("at most 100") == true)
        }

        @Test("One assurance never counts more than the highest award")
        func highestAward() {
            #expect(policy.highestAward == 35)
            #expect(policy.assurancePoints(received: assurances([90])).points == 35)
            #expect(policy.assurancePoints(received: assurances([-20, 30])).points == 30)
        }

        @Test("Revoked assurances count 0")
        func revoked() {
            var records = assurances([35, 35, 35])
            records[1].revoked = true
            let result = policy.assurancePoints(received: records)
            #expect(result.points == 70)
            #expect(result.countedAssurances == 2)
            #expect(result.contributions.map(\.countedPoints) == [35, 0, 35])
            #expect(result.contributions[1].note?.contains("revoked") == true)
        }

        @Test("Only the first assurance by one assurer counts; a revoked first one does not block a later one")
        func oneAssurancePerAssurer() {
            let twice = [
                assurance(by: 101, points: 35, on: "2025-01-01"),
                assurance(by: 101, points: 35, on: "2025-02-01"),
                assurance(by: 102, points: 20, on: "2025-03-01"),
            ]
            #expect(policy.assurancePoints(received: twice).points == 55)
            let redone = [
                assurance(by: 101, points: 35, on: "2025-01-01", revoked: true),
                assurance(by: 101, points: 30, on: "2025-02-01"),
            ]
            #expect(policy.assurancePoints(received: redone).points == 30)
        }

        @Test("Self-assurance counts 0")
        func selfAssurance() {
            let records = [assurance(by: 1, of: 1, points: 35), assurance(by: 2, of: 1, points: 10)]
            #expect(policy.assurancePoints(received: records).points == 10)
        }
    }

    @Suite("Minimum number of assurances for 50 and 100")
    struct MinimumsTests {
        // Standard awards (≤ 35) cannot reach 50 with one assurance or 100 with two, so a generous table shows the
        // caps.
        static let generous = PolicyConfiguration(awardTable: [AwardStep(minimumExperience: 0, maximumAward: 100)])

        @Test(
            "One assurance stops at 49, two at 99, three reach 100",
            arguments: [
                ([100], 49, 1),
                ([49], 49, 1),
                ([50], 49, 1),
                ([60, 40], 99, 2),
                ([25, 25], 50, 2),
                ([99, 1], 99, 2),
                ([98, 1, 1], 100, 3),
                ([100, 100, 100], 100, 3),
            ]
        )
        func caps(points: [Int], expected: Int, counted: Int) {
            let result = Self.generous.assurancePoints(received: assurances(points))
            #expect(result.points == expected)
            #expect(result.countedAssurances == counted)
        }

        @Test("The cap names the minimum it enforces")
        func rules() {
            let one = Self.generous.assurancePoints(received: assurances([80]))
            #expect(one.limitingRule?.contains("at least 2 assurances") == true)
            let two = Self.generous.assurancePoints(received: assurances([80, 80]))
            #expect(two.limitingRule?.contains("at least 3 assurances") == true)
        }

        @Test("Zero-point and revoked assurances do not count toward the minimum")
        func uncountedDoNotHelp() {
            var records = assurances([60, 0, 40])
            #expect(Self.generous.assurancePoints(received: records).points == 99)
            records[1].points = 5
            records[1].revoked = true
            #expect(Self.generous.assurancePoints(received: records).points == 99)
        }

        @Test("With standard awards one assurance cannot reach 50 nor two reach 100")
        func standard() {
            #expect(policy.assurancePoints(received: assurances([35])).points < 50)
            #expect(policy.assurancePoints(received: assurances([35, 35])).points < 100)
        }
    }

    @Suite("TTP-assisted assurances")
    struct TTPTests {
        @Test("Each counts at most the TTP cap")
        func perAssuranceCap() {
            let strict = PolicyConfiguration(ttpPointsCap: 20)
            let records = [assurance(by: 101, points: 30, method: .ttpAssisted), assurance(by: 102, points: 30)]
            let result = strict.assurancePoints(received: records)
            #expect(result.points == 50)
            #expect(result.contributions[0].note?.contains("at most 20") == true)
            #expect(
                policy.assurancePoints(received: [assurance(by: 101, points: 35, method: .ttpAssisted)]).points == 35
            )
            #expect(policy.ttpPointsCap == 35)
        }

        @Test("Only the first two by meeting date count")
        func firstTwo() {
            let records = [
                assurance(by: 101, points: 30, method: .ttpAssisted, on: "2025-03-01"),
                assurance(by: 102, points: 20, method: .ttpAssisted, on: "2025-01-01"),
                assurance(by: 103, points: 25, method: .ttpAssisted, on: "2025-02-01"),
            ]
            let result = policy.assurancePoints(received: records)
            #expect(result.points == 45)
            #expect(result.countedAssurances == 2)
        }

        @Test("Three TTP assurances of 35 give 70; a face-to-face one tops up to 100")
        func topUp() {
            let ttp = (0..<3).map { assurance(by: 101 + Int64($0), points: 35, method: .ttpAssisted) }
            #expect(policy.assurancePoints(received: ttp).points == 70)
            let topped = ttp + [assurance(by: 200, points: 30)]
            #expect(policy.assurancePoints(received: topped).points == 100)
        }

        @Test("A revoked TTP assurance frees its slot")
        func revokedFreesSlot() {
            let records = [
                assurance(by: 101, points: 35, method: .ttpAssisted, on: "2025-01-01", revoked: true),
                assurance(by: 102, points: 35, method: .ttpAssisted, on: "2025-02-01"),
                assurance(by: 103, points: 35, method: .ttpAssisted, on: "2025-03-01"),
            ]
            #expect(policy.assurancePoints(received: records).points == 70)
        }
    }

    @Test(
        "Experience: 2 per assurance given, at most 50",
        arguments: [(0, 0), (1, 2), (4, 8), (5, 10), (24, 48), (25, 50), (26, 50), (1_000, 50), (-3, 0), (Int.max, 50)]
    )
    func experience(given: Int, expected: Int) {
        #expect(policy.experiencePoints(assurancesGiven: given) == expected)
    }

    @Test(
        "Total: assurance plus experience, at most 150",
        arguments: [(0, 0, 0), (49, 0, 49), (100, 50, 150), (120, 70, 150), (100, 2, 102), (-5, 10, 10)]
    )
    func total(assurance: Int, experience: Int, expected: Int) {
        #expect(policy.totalPoints(assurance: assurance, experience: experience) == expected)
    }
}
