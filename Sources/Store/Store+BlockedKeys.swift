import Foundation
import GRDB

extension Store {
    /// Adds a key to the blocklist; blocking an already blocked key keeps the first reason.
    @discardableResult
    package func blockKey(spkiSHA256: String, reason: String) throws -> BlockedKey {
        let spki = try InputCheck.hex(spkiSHA256, field: "SPKI SHA-256", count: 64)
        let reason = try InputCheck.text(reason, field: "reason")
        return try write { db in
            if let existing = try BlockedKey.fetchOne(
                try db.cachedStatement(sql: Queries.blockedKey),
                arguments: [spki]
            ) {
                return existing
            }
            try db.execute(
                sql: "INSERT INTO blocked_keys (spki_sha256, reason, added_at) VALUES (?, ?, ?)",
                arguments: [spki, reason, clock()]
            )
            try audit(db, "key.block", "key:\(spki)", ["reason": reason])
            guard
                let stored = try BlockedKey.fetchOne(try db.cachedStatement(sql: Queries.blockedKey), arguments: [spki])
            else {
                throw StoreError(.database, "the blocked key \(spki) was not stored")
            }
            return stored
        }
    }

    package func blockedKey(spkiSHA256: String) throws -> BlockedKey? {
        let spki = try InputCheck.hex(spkiSHA256, field: "SPKI SHA-256", count: 64)
        return try read { db in
            try BlockedKey.fetchOne(try db.cachedStatement(sql: Queries.blockedKey), arguments: [spki])
        }
    }

    package func isKeyBlocked(spkiSHA256: String) throws -> Bool {
        try blockedKey(spkiSHA256: spkiSHA256) != nil
    }
}
