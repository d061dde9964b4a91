import Foundation
import GRDB

extension Store {
    /// Records that the questions `questions` (identifiers, in order) were sent to a member, with the
    /// hash of the token its answer must come back under and when that token expires.
    @discardableResult
    package func startChallenge(
        member memberID: Int64,
        questions: [String],
        tokenHash: String? = nil,
        expiresAt: Date? = nil,
        at time: Date? = nil
    ) throws -> ChallengeAttempt {
        guard !questions.isEmpty else {
            throw StoreError(.malformedInput, "a challenge needs at least one question")
        }
        return try write { db in
            _ = try Self.requireMember(db, id: memberID)
            try db.execute(
                sql: """
                    INSERT INTO challenge_attempts (member_id, started_at, questions, token_sha256, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [memberID, time ?? clock(), StringList.encode(questions), tokenHash, expiresAt]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "challenge.start",
                "challenge:\(id)",
                ["member": "\(memberID)", "questions": "\(questions.count)"]
            )
            return try Self.requireChallenge(db, id: id)
        }
    }

    /// Stores the answers and the grade Policy computed. An attempt is graded once: a second
    /// answer mail starts a new attempt instead of improving the old score.
    @discardableResult
    package func gradeChallenge(
        id: Int64,
        answers: [String],
        score: Int,
        passed: Bool,
        at time: Date? = nil
    ) throws -> ChallengeAttempt {
        try write { db in
            let attempt = try Self.requireChallenge(db, id: id)
            guard attempt.gradedAt == nil else {
                throw StoreError(.challengeAlreadyGraded, "challenge \(id) was already graded; request a new one")
            }
            try db.execute(
                sql: "UPDATE challenge_attempts SET answers = ?, score = ?, passed = ?, graded_at = ? WHERE id = ?",
                arguments: [StringList.encode(answers), score, passed, time ?? clock(), id]
            )
            try audit(
                db,
                "challenge.grade",
                "challenge:\(id)",
                ["member": "\(attempt.memberID)", "score": "\(score)", "passed": passed ? "yes" : "no"]
            )
            return try Self.requireChallenge(db, id: id)
        }
    }

    /// The sitting whose answer token hashes to `hash`, answered or not.
    package func challengeAttempt(tokenHash hash: String) throws -> ChallengeAttempt? {
        try read { db in
            try ChallengeAttempt.fetchOne(try db.cachedStatement(sql: Queries.challengeByToken), arguments: [hash])
        }
    }

    /// How many sittings the member started after `time`: the daily limit counts them.
    package func challengeAttemptCount(member memberID: Int64, since time: Date) throws -> Int {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: Queries.challengesStartedSince), arguments: [memberID, time])
                ?? 0
        }
    }

    package func challengeAttempt(id: Int64) throws -> ChallengeAttempt? {
        try read { db in
            try ChallengeAttempt.fetchOne(try db.cachedStatement(sql: Queries.challengeByID), arguments: [id])
        }
    }

    /// Every attempt by the member, oldest first; whether one passed is Policy's question.
    package func challengeAttempts(forMember memberID: Int64) throws -> [ChallengeAttempt] {
        try read { db in
            try ChallengeAttempt.fetchAll(
                try db.cachedStatement(sql: Queries.challengesForMember),
                arguments: [memberID]
            )
        }
    }

    static func requireChallenge(_ db: Database, id: Int64) throws -> ChallengeAttempt {
        guard
            let attempt = try ChallengeAttempt.fetchOne(
                try db.cachedStatement(sql: Queries.challengeByID),
                arguments: [id]
            )
        else {
            throw StoreError(.unknownChallenge, "no challenge attempt has id \(id)")
        }
        return attempt
    }
}
