import Foundation
import GRDB

extension Store {
    /// Records a mail to send. Called inside the transaction that decided to send it, so the mail
    /// and the change it reports commit together; `flush` copies it to the outbox afterwards.
    @discardableResult
    package func queueMail(
        requestID: Int64?,
        recipient: String,
        recipientKey: String,
        recipientDomain: String,
        purpose: String,
        message: Data
    ) throws -> QueuedMail {
        let recipient = try InputCheck.emailAddress(recipient)
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO mail_queue (request_id, recipient, recipient_key, recipient_domain, purpose, message,
                                            created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [requestID, recipient, recipientKey, recipientDomain, purpose, message, clock()]
            )
            return try Self.requireQueuedMail(db, id: db.lastInsertedRowID)
        }
    }

    /// Replaces the text of a mail not yet in the outbox (an authorisation mail that gained a request).
    package func replaceQueuedMessage(id: Int64, message: Data) throws {
        try write { db in
            let mail = try Self.requireQueuedMail(db, id: id)
            guard mail.writtenAt == nil else {
                throw StoreError(.invalidTransition, "mail \(id) is already in the outbox")
            }
            try db.execute(sql: "UPDATE mail_queue SET message = ? WHERE id = ?", arguments: [message, id])
        }
    }

    /// Mail decided but not yet in the outbox, oldest first, at most `limit`.
    package func unwrittenMail(limit: Int) throws -> [QueuedMail] {
        try read { db in
            try QueuedMail.fetchAll(try db.cachedStatement(sql: Queries.unwrittenMail), arguments: [limit])
        }
    }

    /// Marks a mail as in the outbox and drops its text: the outbox file is the copy now, and a probe
    /// token must not linger in the database.
    package func markMailWritten(id: Int64, at time: Date? = nil) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE mail_queue SET written_at = ?, message = NULL WHERE id = ? AND written_at IS NULL",
                arguments: [time ?? clock(), id]
            )
        }
    }

    /// Mail queued since `since` to one recipient (by folded mailbox), optionally of one purpose,
    /// counted up to `limit` at most.
    package func mailCount(recipientKey: String, purpose: String? = nil, since: Date, upTo limit: Int) throws -> Int {
        try read { db in
            if let purpose {
                return try Row.fetchAll(
                    try db.cachedStatement(sql: Queries.mailCountForRecipientAndPurpose),
                    arguments: [recipientKey, since, purpose, limit]
                ).count
            }
            return try Row.fetchAll(
                try db.cachedStatement(sql: Queries.mailCountForRecipient),
                arguments: [recipientKey, since, limit]
            ).count
        }
    }

    /// Mail queued since `since` to any address at `domain`, counted up to `limit` at most.
    package func mailCount(domain: String, since: Date, upTo limit: Int) throws -> Int {
        try read { db in
            try Row.fetchAll(
                try db.cachedStatement(sql: Queries.mailCountForDomain),
                arguments: [domain, since, limit]
            )
            .count
        }
    }

    /// Mail queued since `since` in all (the robot's global daily cap), counted up to `limit` at most.
    package func mailCount(since: Date, upTo limit: Int) throws -> Int {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: Queries.mailCountSince), arguments: [since, limit]).count
        }
    }

    /// Forgets mail written to the outbox before `before`: the counts need only the last day.
    @discardableResult
    package func pruneMailQueue(before: Date) throws -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM mail_queue WHERE written_at IS NOT NULL AND created_at < ?",
                arguments: [before]
            )
            return db.changesCount
        }
    }

    static func requireQueuedMail(_ db: Database, id: Int64) throws -> QueuedMail {
        guard let mail = try QueuedMail.fetchOne(try db.cachedStatement(sql: Queries.queuedMailByID), arguments: [id])
        else { throw StoreError(.unknownRequest, "no queued mail has id \(id)") }
        return mail
    }
}
