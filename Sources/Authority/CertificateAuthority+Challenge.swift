import Foundation
import Policy
import Store

/// A sitting of the Assurer Challenge just started: the questions to mail and the token the answer
/// comes back under (only its hash is stored).
package struct ChallengeSitting: Sendable {
    package let attempt: ChallengeAttempt
    package let token: String
    package let questions: [ChallengeQuestion]
}

/// A graded sitting, for the result mail.
package struct ChallengeResult: Sendable {
    package let attempt: ChallengeAttempt
    package let grade: ChallengeGrade
    /// The questions answered wrong, in the order asked: their topics and sections are mailed, never
    /// the right answers.
    package let wrong: [ChallengeQuestion]
    /// Whether the member holds assurer status now.
    package let isAssurer: Bool
    /// The member's assurance points (an assurer needs `assurerMinPoints`).
    package let assurancePoints: Int
}

/// The answers of a challenge reply: `1: b` lines, in any order, letters in either case.
package enum ChallengeAnswers {
    /// Reads the numbered lines of a reply (name and value as written, in order). A number given twice
    /// or an answer that is not a single letter is refused here; the range is the sitting's.
    package static func parse(_ lines: [(name: String, value: String)]) throws -> [Int: String] {
        var answers: [Int: String] = [:]
        for line in lines {
            guard let number = Int(line.name) else { continue }
            let value = line.value.trimmingCharacters(in: .whitespaces).lowercased()
            let letter = value.prefix(1)
            let rest = value.dropFirst().first
            guard letter.count == 1, letter.first!.isLetter, letter.first!.isASCII,
                rest == nil || !(rest!.isLetter || rest!.isNumber)
            else {
                throw AuthorityError(
                    .refused,
                    "the answer to question \(number) is '\(line.value.prefix(20))'; write the letter of one option, e.g. '\(number): b'"
                )
            }
            guard answers[number] == nil else {
                throw AuthorityError(
                    .refused,
                    "question \(number) is answered twice; give one answer per question and send the reply again"
                )
            }
            answers[number] = String(letter)
        }
        return answers
    }
}

extension CertificateAuthority {
    /// Starts a sitting: at most `challengeAttemptsPerDay` in 24 hours, `challengeQuestions` drawn at
    /// random from `bank`, answerable for `challengeTokenDays`.
    package func startChallenge(member: Member, bank: ChallengeBank, now: Date = Date()) throws -> ChallengeSitting {
        let policy = configuration.policy
        let started = try store.challengeAttemptCount(member: member.id, since: now.addingTimeInterval(-86_400))
        guard started < policy.challengeAttemptsPerDay else {
            throw refusal(
                "Assurance Policy §3.1: you started \(started) challenges in the last 24 hours, the most a day; attempts are otherwise unlimited, so try again tomorrow"
            )
        }
        guard bank.questions.count >= policy.challengeQuestions else {
            throw AuthorityError(
                .invalidConfiguration,
                "the question bank holds \(bank.questions.count) questions; a challenge asks \(policy.challengeQuestions)"
            )
        }
        let questions = bank.draw(policy.challengeQuestions)
        let token = RandomID.base32(characters: 26)
        let attempt = try store.startChallenge(
            member: member.id,
            questions: questions.map(\.id),
            tokenHash: Store.tokenHash(token),
            expiresAt: now.wholeSeconds.addingTimeInterval(Double(policy.challengeTokenDays) * 86_400),
            at: now.wholeSeconds
        )
        return ChallengeSitting(attempt: attempt, token: token, questions: questions)
    }

    /// Grades the sitting whose token hashes to `tokenHash`, answered by `member`. Every question
    /// must be answered once with one of its options; a refusal records nothing and leaves the token
    /// usable until it expires.
    package func gradeChallenge(
        tokenHash: String,
        member: Member,
        answers: [Int: String],
        bank: ChallengeBank,
        now: Date = Date()
    ) throws -> ChallengeResult {
        try store.transaction {
            guard let attempt = try store.challengeAttempt(tokenHash: tokenHash) else {
                throw refusal(
                    "this answer address is not one of a challenge we sent; reply to the challenge mail itself, or mail challenge@\(configuration.mailDomain) for a new one"
                )
            }
            guard attempt.memberID == member.id else {
                throw refusal("this challenge was sent to another member; answer your own challenge")
            }
            guard attempt.gradedAt == nil else {
                throw refusal(
                    "this challenge was already answered and graded; mail challenge@\(configuration.mailDomain) for a new one"
                )
            }
            guard let expiry = attempt.expiresAt, expiry > now else {
                throw refusal(
                    "this challenge expired (a challenge is answered within \(configuration.policy.challengeTokenDays) days); mail challenge@\(configuration.mailDomain) for a new one"
                )
            }
            let questions = try attempt.questions.map { id in
                guard let question = bank.question(id: id) else {
                    throw refusal(
                        "the question bank changed since this challenge was sent; mail challenge@\(configuration.mailDomain) for a new one"
                    )
                }
                return question
            }
            let outOfRange = answers.keys.filter { !(1...questions.count).contains($0) }.sorted()
            if !outOfRange.isEmpty {
                throw refusal(
                    "the challenge has questions 1 to \(questions.count); there is no question \(outOfRange.map(String.init).joined(separator: ", "))"
                )
            }
            for (number, letter) in answers.sorted(by: { $0.key < $1.key })
            where !questions[number - 1].options.contains(where: { $0.letter == letter }) {
                let letters = questions[number - 1].options.map(\.letter).joined(separator: ", ")
                throw refusal("question \(number) has the options \(letters); '\(letter)' is not one of them")
            }
            let missing = (1...questions.count).filter { answers[$0] == nil }
            if !missing.isEmpty {
                let list = missing.map(String.init).joined(separator: ", ")
                throw refusal(
                    missing.count == 1
                        ? "question \(list) has no answer; answer every question with a line like '\(missing[0]): b' and reply again"
                        : "questions \(list) have no answer; answer every question with a line like '\(missing[0]): b' and reply again"
                )
            }
            let given = (1...questions.count).map { answers[$0] }
            let grade = configuration.policy.gradeChallenge(key: questions.map(\.answer), given: given)
            let graded = try store.gradeChallenge(
                id: attempt.id,
                answers: given.map { $0 ?? "" },
                score: grade.correct,
                passed: grade.passed,
                at: now.wholeSeconds
            )
            let facts = try memberFacts(member)
            return ChallengeResult(
                attempt: graded,
                grade: grade,
                wrong: grade.wrong.map { questions[$0] },
                isAssurer: configuration.policy.isAssurer(facts, at: now),
                assurancePoints: configuration.policy.assurancePoints(received: facts.assurancesReceived).points
            )
        }
    }
}
