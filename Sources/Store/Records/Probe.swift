import Foundation
import GRDB

/// A verification mail awaiting its reply. Only the token's SHA-256 is stored, so a leaked
/// database cannot be used to confirm anything.
package struct Probe: Sendable, Hashable {
    package var id: Int64
    package var tokenSHA256: String
    /// What a reply confirms, e.g. `email`, `domain`, `csr`.
    package var purpose: String
    /// The address the probe was sent to; rate limits count per target.
    package var target: String
    package var requestID: Int64?
    package var createdAt: Date
    package var expiresAt: Date
    package var usedAt: Date?
}

extension Probe: FetchableRecord {
    static let columns = "id, token_sha256, purpose, target, request_id, created_at, expires_at, used_at"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        tokenSHA256 = try row.decode(forColumn: "token_sha256")
        purpose = try row.decode(forColumn: "purpose")
        target = try row.decode(forColumn: "target")
        requestID = try row.decode(forColumn: "request_id")
        createdAt = try row.decode(forColumn: "created_at")
        expiresAt = try row.decode(forColumn: "expires_at")
        usedAt = try row.decode(forColumn: "used_at")
    }
}
