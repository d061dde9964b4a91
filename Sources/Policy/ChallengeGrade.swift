/// One graded sitting of the Assurer Challenge.
public struct ChallengeGrade: Sendable, Hashable, Codable {
    /// Questions answered right.
    public var correct: Int
    /// Questions asked.
    public var questions: Int
    /// Whether the sitting passes (see `PolicyConfiguration.passesChallenge`).
    public var passed: Bool
    /// The positions (0-based, in the order asked) of the questions answered wrong.
    public var wrong: [Int]

    /// Creates a grade.
    public init(correct: Int, questions: Int, passed: Bool, wrong: [Int]) {
        self.correct = correct
        self.questions = questions
        self.passed = passed
        self.wrong = wrong
    }
}

extension PolicyConfiguration {
    /// Grades a sitting: `key` holds the right option of each question in the order asked, `given` the member's
    /// (nil for no answer, which counts wrong); letters compare without case (Assurance Policy §3.1).
    public func gradeChallenge(key: [String], given: [String?]) -> ChallengeGrade {
        var wrong: [Int] = []
        for (index, right) in key.enumerated() {
            let answer = index < given.count ? given[index] : nil
            if answer?.lowercased() != right.lowercased() { wrong.append(index) }
        }
        let correct = key.count - wrong.count
        return ChallengeGrade(
            correct: correct,
            questions: key.count,
            passed: passesChallenge(correctAnswers: correct, questions: key.count),
            wrong: wrong
        )
    }
}
