import Foundation
import GRDB

extension Store {
    /// The request that first carried a signed message with this digest, if one did.
    package func signedMessage(digest: String) throws -> Int64? {
        let digest = try InputCheck.hex(digest, field: "signed content digest", count: 64)
        return try read { db in
            try Int64?.fetchOne(try db.cachedStatement(sql: Queries.signedMessageByDigest), arguments: [digest]) ?? nil
        }
    }

    /// Remembers a verified S/MIME request by the digest of what was signed, so a replay is refused.
    package func recordSignedMessage(digest: String, messageID: String, requestID: Int64) throws {
        let digest = try InputCheck.hex(digest, field: "signed content digest", count: 64)
        try write { db in
            try db.execute(
                sql: "INSERT INTO signed_messages (digest, message_id, request_id, seen_at) VALUES (?, ?, ?, ?)",
                arguments: [digest, messageID, requestID, clock()]
            )
        }
    }
}
