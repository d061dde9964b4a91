import Foundation
import Policy
import Testing

@Suite("The document check and the challenge's grade")
struct IdentityAndChallengeTests {
    @Test(
        "Name letter by letter (after registration's normalisation), date of birth as a day",
        arguments: [
            ("Anna Müller", "1980-04-01", [IdentityField]()),
            ("Anna  Müller ", "1980-04-01", []),
            ("Anna Mu\u{0308}ller", "1980-04-01", []),
            ("Anna Muller", "1980-04-01", [.name]),
            ("anna müller", "1980-04-01", [.name]),
            ("Anna Müller", "1980-01-04", [.dateOfBirth]),
            ("Anna Müller", "01.04.1980", [.dateOfBirth]),
            ("A. Müller", "1980-04-02", [.name, .dateOfBirth]),
            ("", "1980-04-01", [.name]),
        ]
    )
    func identity(name: String, birth: String, expected: [IdentityField]) {
        let found = IdentityRules.mismatches(
            statedName: name,
            statedDateOfBirth: birth,
            recordedName: "Anna Müller",
            recordedDateOfBirth: day("1980-04-01")
        )
        #expect(found == expected)
    }

    @Test("The fields are named as the assurer writes them")
    func fieldNames() {
        #expect(IdentityField.allCases.map(\.fieldName) == ["Name", "Date-Of-Birth"])
    }

    static let key = Array(repeating: "a", count: 20) + ["b", "c", "d", "a", "b"]

    @Test(
        "25 questions graded: 20 right pass, 19 do not; letters compare without case; no answer is wrong",
        arguments: [
            (Self.key.map { Optional($0) }, 25, true, [Int]()),
            (Self.key.map { Optional($0.uppercased()) }, 25, true, []),
            (
                Array(Self.key.prefix(20)).map { Optional($0) } + Array(repeating: "d", count: 5), 21, true,
                [20, 21, 23, 24]
            ),
            (
                Array(Self.key.prefix(19)).map { Optional($0) } + Array(repeating: nil, count: 6), 19, false,
                [19, 20, 21, 22, 23, 24]
            ),
            (Array(repeating: Optional("z"), count: 25), 0, false, Array(0..<25)),
        ]
    )
    func grade(given: [String?], correct: Int, passed: Bool, wrong: [Int]) {
        let grade = policy.gradeChallenge(key: Self.key, given: given)
        #expect(grade.correct == correct)
        #expect(grade.questions == 25)
        #expect(grade.passed == passed)
        #expect(grade.wrong == wrong)
    }

    @Test("A sitting of another length never passes")
    func wrongLength() {
        let grade = policy.gradeChallenge(key: Array(Self.key.prefix(24)), given: Array(Self.key.prefix(24)))
        #expect(grade.correct == 24 && !grade.passed)
    }

    @Test("The challenge and meeting limits have their defaults")
    func defaults() {
        #expect(policy.challengeTokenDays == 7)
        #expect(policy.challengeAttemptsPerDay == 3)
        #expect(policy.meetingMaxAgeDays == 365)
    }
}
