import Foundation
import GRDB

/// A public key that must never be certified again (compromised, Debian weak key, …).
package struct BlockedKey: Sendable, Hashable {
    package var spkiSHA256: String
    package var reason: String
    package var addedAt: Date
}

extension BlockedKey: FetchableRecord {
    package init(row: Row) throws {
        spkiSHA256 = try row.decode(forColumn: "spki_sha256")
        reason = try row.decode(forColumn: "reason")
        addedAt = try row.decode(forColumn: "added_at")
    }
}
