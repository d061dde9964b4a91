import Authority
import Foundation
import Mail
import Site

/// `challenge@`: any mail from a member's verified address gets a sitting of the Assurer Challenge,
/// answered by replying to `challenge+TOKEN@` with `1: b` lines; the reply is graded at once.
struct ChallengeHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        let locale = robot.configuration.site.locale(of: member.language)
        let bank = try Self.bank(robot.configuration, locale: locale)
        let recipient = MailRecipient.member(member, address: request.sender)
        guard let tokenHash = request.mail.tokenHash else {
            let sitting = try robot.authority.startChallenge(member: member, bank: bank, now: robot.context.now)
            let questions = sitting.questions.enumerated().map { index, question -> [String: Any] in
                [
                    "number": index + 1, "question": question.question,
                    "options": question.options.map { ["letter": $0.letter, "text": $0.text] },
                ]
            }
            try robot.mail.queue(
                "challenge",
                to: recipient,
                values: [
                    "name": member.name, "questions": questions, "count": sitting.questions.count,
                    "days": robot.configuration.policy.challengeTokenDays,
                    "passCount": robot.configuration.policy.challengePassCount,
                ],
                purpose: .reply,
                requestID: request.id,
                replyTo: Address(mailbox: "challenge+\(sitting.token)@\(robot.configuration.mailDomain)"),
                inReplyTo: request.mail.messageID
            )
            return .done("challenge \(sitting.attempt.id) sent with \(sitting.questions.count) questions")
        }
        let answers = try ChallengeAnswers.parse((request.mail.answerLines ?? []).map { ($0[0], $0[1]) })
        let result = try robot.authority.gradeChallenge(
            tokenHash: tokenHash,
            member: member,
            answers: answers,
            bank: bank,
            now: robot.context.now
        )
        var topics: [[String: Any]] = []
        for question in result.wrong where !topics.contains(where: { $0["topic"] as? String == question.topic }) {
            topics.append([
                "topic": question.topic,
                "link": question.link(
                    baseURL: robot.configuration.site.baseURL(robot.configuration.baseURL, locale: locale)
                ),
            ])
        }
        let policy = robot.configuration.policy
        try robot.mail.queue(
            "challenge-result",
            to: recipient,
            values: [
                "name": member.name, "correct": result.grade.correct, "questions": result.grade.questions,
                "passed": result.grade.passed, "topics": topics, "anyTopics": !topics.isEmpty,
                "isAssurer": result.isAssurer,
                "needsPoints": result.grade.passed && result.assurancePoints < policy.assurerMinPoints,
                "points": result.assurancePoints, "assurerMinPoints": policy.assurerMinPoints,
                "passCount": robot.configuration.policy.challengePassCount,
            ],
            purpose: .reply,
            requestID: request.id,
            inReplyTo: request.mail.messageID
        )
        return .done(
            "challenge \(result.attempt.id) graded: \(result.grade.correct) of \(result.grade.questions), \(result.grade.passed ? "passed" : "not passed")"
        )
    }

    /// The question bank of the configured content folder, or the built-in one, in `locale` (the
    /// same questions, ids and answers in every language).
    static func bank(_ configuration: CAConfiguration, locale: String) throws -> ChallengeBank {
        let library = TemplateLibrary.content(overriding: URL(fileURLWithPath: configuration.site.content))
            .translated(to: SiteSettings.translationFolder(locale))
        let (text, origin) = try library.text(ChallengeBank.path)
        return try ChallengeBank(text: text, origin: origin, configuration: configuration)
    }
}
