import Foundation
import GRDB

/// One sitting of the Assurer Challenge: the questions sent, and once answered the grade.
package struct ChallengeAttempt: Sendable, Hashable {
    package var id: Int64
    package var memberID: Int64
    package var startedAt: Date
    /// The question identifiers in the order they were sent, so answers can be graded later.
    package var questions: [String]
    package var answers: [String]?
    package var score: Int?
    package var passed: Bool?
    package var gradedAt: Date?
    /// When the sitting's answer token stops being accepted (nil for sittings recorded without one).
    package var expiresAt: Date?
}

extension ChallengeAttempt: FetchableRecord {
    static let columns = "id, member_id, started_at, questions, answers, score, passed, graded_at, expires_at"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        memberID = try row.decode(forColumn: "member_id")
        startedAt = try row.decode(forColumn: "started_at")
        questions = try row.decodeStringList(forColumn: "questions")
        let rawAnswers: String? = try row.decode(forColumn: "answers")
        answers = try rawAnswers.map { try StringList.decode($0, column: "answers") }
        score = try row.decode(forColumn: "score")
        passed = try row.decode(forColumn: "passed")
        gradedAt = try row.decode(forColumn: "graded_at")
        expiresAt = try row.decode(forColumn: "expires_at")
    }
}
