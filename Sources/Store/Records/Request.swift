import Foundation
import GRDB

/// One message to a robot address, tracked from intake to its answer.
package struct Request: Sendable, Hashable {
    package var id: Int64
    /// The robot address it came to (`register`, `csr`, `revoke`, …).
    package var kind: String
    package var state: RequestState
    package var sender: String
    /// The Maildir file name of the raw message; unique, so intake of the same mail twice is a no-op.
    package var messageRef: String
    package var receivedAt: Date
    package var updatedAt: Date
    /// What the member was told, for the audit trail and the operator.
    package var result: String?
    /// The request's parameters as parsed at intake (body fields, the address it came to …).
    package var payload: [String: String]
}

extension Request: FetchableRecord {
    static let columns = "id, kind, state, sender, message_ref, received_at, updated_at, result, payload"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        kind = try row.decode(forColumn: "kind")
        state = try row.decodeEnum(RequestState.self, forColumn: "state")
        sender = try row.decode(forColumn: "sender")
        messageRef = try row.decode(forColumn: "message_ref")
        receivedAt = try row.decode(forColumn: "received_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        result = try row.decode(forColumn: "result")
        payload = try StringList.decodeObject(try row.decode(forColumn: "payload"), column: "payload")
    }
}
