import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority

extension RobotHarness {
    /// The question bank as the robot reads it, from the repository's `Content/`.
    func challengeBank(locale: String? = nil) throws -> ChallengeBank {
        let file = RepositoryPaths.root.appendingPathComponent(
            "Content/" + (locale.map { "\($0)/" } ?? "") + "challenge/questions.txt"
        )
        return try ChallengeBank(
            text: try String(contentsOf: file, encoding: .utf8),
            origin: file.path,
            configuration: try authority().configuration
        )
    }

    /// Asks challenge@ for a sitting; returns the mail with the questions.
    func requestChallenge(from member: String) throws -> MailMessage {
        try deliver("From: \(member)\nTo: challenge@ca.example.org\nSubject: challenge\n\n")
        try runJobs()
        let mail = try newMail()
        #expect(mail.count == 1, "\(mail.map { $0.textBody ?? "" })")
        return try #require(mail.first)
    }

    /// The right letter of each question in a challenge mail, in the order asked, found by its text.
    func answerKey(_ challenge: MailMessage, locale: String? = nil) throws -> [String] {
        let bank = try challengeBank(locale: locale)
        let body = challenge.textBody ?? ""
        var key: [String] = []
        for line in body.split(separator: "\n") {
            guard let match = line.firstMatch(of: #/^(\d+)\. (.+)$/#) else { continue }
            let text = String(match.2)
            let question = try #require(bank.questions.first { $0.question == text }, "\(text)")
            #expect(Int(match.1) == key.count + 1)
            key.append(question.answer)
        }
        return key
    }

    /// Replies to a challenge mail with `lines` as the answer.
    func answer(
        _ challenge: MailMessage,
        from member: String,
        _ lines: [String],
        to address: String? = nil
    ) throws
        -> MailMessage?
    {
        let to = try address ?? #require(challenge.replyTo.first?.mailbox)
        try deliver(
            "From: \(member)\nTo: \(to)\nSubject: Re: \(challenge.subject ?? "")\n\n\(lines.joined(separator: "\n"))\n"
        )
        try runJobs()
        return try newMail().first
    }
}

@Suite(.serialized) struct AssurerChallengeTests {
    @Test func aPassedChallengeMakesAnAssurerAndBadAnswersAreRefusedWithoutSpendingIt() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("cora@example.org", name: "Cora Candidate", experience: 0, passedChallenge: false)
        #expect(
            ((try robot.memberJSON("cora@example.org"))?["privileges"] as? [String: Any])?["isAssurer"] as? Bool
                == false
        )
        let challenge = try robot.requestChallenge(from: "cora@example.org")
        let address = try #require(challenge.replyTo.first?.mailbox)
        #expect(address.hasPrefix("challenge+") && address.hasSuffix("@ca.example.org"))
        let key = try robot.answerKey(challenge)
        #expect(key.count == 25)
        #expect(challenge.textBody?.contains("{{") == false, "every placeholder is filled in")
        // The token is stored hashed, never as it was sent.
        let token = String(address.dropFirst("challenge+".count).prefix { $0 != "@" })
        #expect(try !robot.sql("SELECT token_sha256, questions FROM challenge_attempts").contains(token))

        let right = key.enumerated().map { "\($0.offset + 1): \($0.element)" }
        let refusals: [([String], String)] = [
            (right + ["26: a"], "there is no question 26"),
            (right + ["3: \(key[2])"], "question 3 is answered twice"),
            (Array(right.dropLast()), "question 25 has no answer"),
            (Array(right.dropFirst()) + ["1: e"], "'e' is not one of them"),
            (Array(right.dropFirst()) + ["1: maybe"], "write the letter of one option"),
        ]
        for (lines, expected) in refusals {
            let reply = try #require(try robot.answer(challenge, from: "cora@example.org", lines))
            #expect(reply.textBody?.contains(expected) == true, "\(expected): \(reply.textBody ?? "")")
        }
        let forged = try #require(
            try robot.answer(
                challenge,
                from: "cora@example.org",
                right,
                to: "challenge+\(String(repeating: "a", count: 26))@ca.example.org"
            )
        )
        #expect(forged.textBody?.contains("not one of a challenge we sent") == true)
        let stranger = try #require(try robot.answer(challenge, from: "mallory@example.net", right))
        #expect(stranger.textBody?.contains("is not a verified address of any member") == true)
        #expect(try robot.sql("SELECT count(*) FROM challenge_attempts WHERE graded_at IS NOT NULL") == "0\n")

        // Right answers in another order and case pass: Cora, with 100 points, is an assurer now.
        let shuffled = key.enumerated().reversed().map { "\($0.offset + 1): \($0.element.uppercased())" }
        let result = try #require(try robot.answer(challenge, from: "cora@example.org", shuffled))
        let text = result.textBody ?? ""
        #expect(result.subject?.contains("passed (25 of 25)") == true, "\(result.subject ?? "")")
        #expect(text.contains("You are now an assurer"), "\(text)")
        #expect(
            ((try robot.memberJSON("cora@example.org"))?["privileges"] as? [String: Any])?["isAssurer"] as? Bool
                == true
        )
        let again = try #require(try robot.answer(challenge, from: "cora@example.org", right))
        #expect(again.textBody?.contains("already answered and graded") == true)
    }

    @Test func aFailedChallengeNamesTheTopicsNotTheAnswersAndExpiresAndIsLimitedPerDay() throws {
        let robot = try RobotHarness()
        try robot.register("dora@example.org", name: "Dora Doubtful")
        let challenge = try robot.requestChallenge(from: "dora@example.org")
        let bank = try robot.challengeBank()
        let key = try robot.answerKey(challenge)
        // Every answer wrong: the first option that is not the right one.
        var wrongTopics: Set<String> = []
        let body = challenge.textBody ?? ""
        var lines: [String] = []
        for (index, right) in key.enumerated() {
            lines.append("\(index + 1): \(right == "a" ? "b" : "a")")
        }
        for line in body.split(separator: "\n") {
            if let match = line.firstMatch(of: #/^\d+\. (.+)$/#),
                let question = bank.questions.first(where: { $0.question == String(match.1) })
            {
                wrongTopics.insert(question.topic)
            }
        }
        let result = try #require(try robot.answer(challenge, from: "dora@example.org", lines))
        let text = result.textBody ?? ""
        #expect(result.subject?.contains("not passed (0 of 25)") == true, "\(result.subject ?? "")")
        for topic in wrongTopics { #expect(text.contains(topic), "\(topic)") }
        #expect(text.contains("https://ca.example.org/policies/"), "\(text)")
        // No option is repeated in the result, so no right answer is given away.
        #expect(!text.contains(" a) ") && !text.contains(" b) "), "\(text)")
        #expect(!text.contains("You are now an assurer"))
        #expect(
            ((try robot.memberJSON("dora@example.org"))?["privileges"] as? [String: Any])?["isAssurer"] as? Bool
                == false
        )

        // A second sitting, answered after its 7 days: refused as expired.
        let late = try robot.requestChallenge(from: "dora@example.org")
        let lateKey = try robot.answerKey(late)
        try robot.deliver(
            "From: dora@example.org\nTo: \(try #require(late.replyTo.first?.mailbox))\nSubject: Re\n\n"
                + lateKey.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: "\n") + "\n"
        )
        try robot.runJobs(now: Date().addingTimeInterval(8 * 86_400))
        #expect(try robot.newMail().first?.textBody?.contains("this challenge expired") == true)

        // The third sitting of the day is sent; a fourth is refused until the day has passed.
        _ = try robot.requestChallenge(from: "dora@example.org")
        let fourth = try robot.requestChallenge(from: "dora@example.org")
        #expect(fourth.textBody?.contains("you started 3 challenges in the last 24 hours") == true)
        #expect(try robot.sql("SELECT count(*) FROM challenge_attempts").contains("3"))

        // Someone who is not a member gets no challenge.
        try robot.deliver("From: stranger@example.net\nTo: challenge@ca.example.org\nSubject: c\n\n")
        try robot.runJobs()
        #expect(try robot.newMail().first?.textBody?.contains("register first") == true)
    }
}
