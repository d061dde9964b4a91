import Foundation

extension PolicyConfiguration {
    /// The right answers a challenge needs: the pass mark of `challengeQuestions`, rounded up.
    public var challengePassCount: Int { (challengeQuestions * challengePassPercent + 99) / 100 }

    /// Whether a graded Assurer Challenge passes: all `challengeQuestions` asked and at least `challengePassPercent` %
    /// right (Assurance Policy §3.1).
    public func passesChallenge(correctAnswers: Int, questions: Int) -> Bool {
        guard questions == challengeQuestions, (0...questions).contains(correctAnswers) else {
            return false
        }
        return correctAnswers * 100 >= challengePassPercent * questions
    }

    /// Why `member` is not an assurer at `now`, in rule order; empty when they are (Assurance Policy §3; PoJAM §3.1).
    public func assurerViolations(of member: MemberFacts, at now: Date) -> [PolicyViolation] {
        var violations: [PolicyViolation] = []
        if member.blocked {
            violations.append(blocked())
        }
        let points = assurancePoints(received: member.assurancesReceived).points
        if points < assurerMinPoints {
            violations.append(
                PolicyViolation(
                    code: .insufficientPoints,
                    reason:
                        "Assurance Policy §3: an assurer needs at least \(assurerMinPoints) assurance points; "
                        + "the member has \(points)"
                )
            )
        }
        if !member.passedChallenge {
            violations.append(
                PolicyViolation(
                    code: .challengeNotPassed,
                    reason:
                        "Assurance Policy §3.1: an assurer must pass the Assurer Challenge "
                        + "(\(challengeQuestions) questions, pass mark \(challengePassPercent) %)"
                )
            )
        }
        if needsParentalConsent(member, at: now) {
            violations.append(minorWithoutConsent(for: "becoming an assurer"))
        }
        return violations
    }

    /// Whether `member` holds assurer status at `now` (Assurance Policy §3; PoJAM §3.1).
    public func isAssurer(_ member: MemberFacts, at now: Date) -> Bool {
        assurerViolations(of: member, at: now).isEmpty
    }

    func blocked() -> PolicyViolation {
        PolicyViolation(
            code: .memberBlocked,
            reason:
                "Vouch policy: a blocked member has no privileges until the operator or an arbitrator lifts the block"
        )
    }
}
