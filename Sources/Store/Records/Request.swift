import Foundation
import GRDB

/// One message to a robot address, tracked from intake to its answer.
package struct Request: Sendable, Hashable {
    package var id: Int64
    package var kind: RequestKind
    package var state: RequestState
    /// The sender's address as written (lower-cased).
    package var sender: String
    /// The sender's mailbox with case and any `+tag` folded: what reply limits count by, since every
    /// `+tag` spelling reaches the same person.
    package var senderKey: String
    /// The Maildir file name of the raw message; unique, so intake of the same mail twice is a no-op.
    package var messageRef: String
    package var receivedAt: Date
    package var updatedAt: Date
    /// What the member was told, for the audit trail and the operator.
    package var result: String?
    /// The request's parameters as parsed at intake and what a confirmation will apply, as JSON whose
    /// shape the Authority owns (`RequestPayload`).
    package var payload: String
}

extension Request: FetchableRecord {
    static let columns =
        "id, kind, state, sender, sender_key, message_ref, received_at, updated_at, result, payload"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        kind = try row.decodeEnum(RequestKind.self, forColumn: "kind")
        state = try row.decodeEnum(RequestState.self, forColumn: "state")
        sender = try row.decode(forColumn: "sender")
        senderKey = try row.decode(forColumn: "sender_key")
        messageRef = try row.decode(forColumn: "message_ref")
        receivedAt = try row.decode(forColumn: "received_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        result = try row.decode(forColumn: "result")
        payload = try row.decode(forColumn: "payload")
    }
}
