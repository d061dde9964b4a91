import Foundation
import Policy
import Testing

@Suite("Assurer status")
struct AssurerTests {
    static let now = utc("2026-06-01T00:00:00Z")

    @Test(
        "The challenge: 25 questions, pass mark 80 %",
        arguments: [(25, 25, true), (20, 25, true), (19, 25, false), (0, 25, false), (20, 24, false), (26, 25, false)]
    )
    func challenge(correct: Int, questions: Int, passes: Bool) {
        #expect(policy.passesChallenge(correctAnswers: correct, questions: questions) == passes)
    }

    @Test("100 points and a passed challenge make an assurer")
    func assurerStatus() {
        #expect(policy.isAssurer(member(points: 100, challenge: true), at: Self.now))
        #expect(policy.assurerViolations(of: member(points: 100, challenge: true), at: Self.now).isEmpty)
    }

    @Test(
        "Each missing requirement is named",
        arguments: [
            (99, true, false, PolicyViolation.Code.insufficientPoints),
            (100, false, false, .challengeNotPassed),
            (100, true, true, .memberBlocked),
        ]
    )
    func missing(points: Int, challenge: Bool, blocked: Bool, code: PolicyViolation.Code) {
        let candidate = member(points: points, blocked: blocked, challenge: challenge)
        #expect(!policy.isAssurer(candidate, at: Self.now))
        #expect(policy.assurerViolations(of: candidate, at: Self.now).map(\.code) == [code])
    }

    @Test("The points reason cites the Assurance Policy")
    func reason() {
        let violation = policy.assurerViolations(of: member(points: 99, challenge: true), at: Self.now)[0]
        #expect(violation.reason.contains("Assurance Policy §3"))
        #expect(violation.reason.contains("99"))
    }
}
