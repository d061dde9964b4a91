import Foundation
import GRDB

/// A mail the robot decided to send, recorded in the same transaction as the decision.
package struct QueuedMail: Sendable, Hashable {
    package var id: Int64
    package var requestID: Int64?
    package var recipient: String
    /// What the robot's limits count: the recipient mailbox with case and `+tag` folded, and its domain.
    package var recipientKey: String
    package var recipientDomain: String
    /// "probe", "reply", "notice" …
    package var purpose: String
    /// The rendered RFC 5322 message; nil once it is in the outbox.
    package var message: Data?
    package var createdAt: Date
    package var writtenAt: Date?
}

extension QueuedMail: FetchableRecord {
    static let columns =
        "id, request_id, recipient, recipient_key, recipient_domain, purpose, message, created_at, written_at"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        requestID = try row.decode(forColumn: "request_id")
        recipient = try row.decode(forColumn: "recipient")
        recipientKey = try row.decode(forColumn: "recipient_key")
        recipientDomain = try row.decode(forColumn: "recipient_domain")
        purpose = try row.decode(forColumn: "purpose")
        message = try row.decode(forColumn: "message")
        createdAt = try row.decode(forColumn: "created_at")
        writtenAt = try row.decode(forColumn: "written_at")
    }
}
