import Foundation
import GRDB

extension Store {
    /// The stored form of a token: SHA-256 of its lower-case spelling, because mail systems may
    /// fold the case of the `verify+TOKEN@` address it comes back on.
    package static func tokenHash(_ token: String) -> String {
        SHA256.hexDigest(Array(token.lowercased().utf8))
    }

    /// Records a probe about to be mailed. Only the token's hash is kept. The probe confirms
    /// `requestID` and any request linked to it later (`linkProbe`).
    @discardableResult
    package func createProbe(
        token: String,
        purpose: String,
        target: String,
        requestID: Int64?,
        expiresAt: Date
    ) throws -> Probe {
        guard token.utf8.count >= 26 else {
            throw StoreError(.malformedInput, "a probe token needs at least 128 random bits (26 base32 characters)")
        }
        let purpose = try InputCheck.text(purpose, field: "probe purpose")
        let target = try InputCheck.text(target, field: "probe target")
        let hash = Self.tokenHash(token)
        return try write { db in
            if let requestID {
                _ = try Self.requireRequest(db, id: requestID)
            }
            if try Probe.fetchOne(try db.cachedStatement(sql: Queries.probeByTokenHash), arguments: [hash]) != nil {
                throw StoreError(.duplicateProbe, "a probe with this token already exists; draw a fresh token")
            }
            let now = clock()
            guard expiresAt > now else {
                throw StoreError(.malformedInput, "the probe would expire before it is sent")
            }
            try db.execute(
                sql: """
                    INSERT INTO probes (token_sha256, purpose, target, request_id, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [hash, purpose, target, requestID, now, expiresAt]
            )
            let id = db.lastInsertedRowID
            if let requestID {
                try db.execute(
                    sql: "INSERT INTO probe_requests (probe_id, request_id) VALUES (?, ?)",
                    arguments: [id, requestID]
                )
            }
            try audit(
                db,
                "probe.create",
                "probe:\(id)",
                ["purpose": purpose, "target": target, "request": requestID.map { "\($0)" } ?? ""]
            )
            return try Self.requireProbe(db, hash: hash)
        }
    }

    /// Confirms a probe: marks it used, once, if it has not expired. The check and the mark are
    /// one transaction, so two replies racing cannot both succeed.
    @discardableResult
    package func consumeProbe(token: String, at time: Date? = nil) throws -> Probe {
        try consumeProbe(tokenHash: Self.tokenHash(token), at: time)
    }

    /// `consumeProbe(token:at:)` for a caller that kept only the token's hash (the robot never
    /// stores a token it received).
    @discardableResult
    package func consumeProbe(tokenHash hash: String, at time: Date? = nil) throws -> Probe {
        try write { db in
            // The index finds the row by the token's hash, so timing can reveal at most something
            // about a hash, never the token; the final comparison is constant-time all the same.
            guard
                let probe = try Probe.fetchOne(
                    try db.cachedStatement(sql: Queries.probeByTokenHash),
                    arguments: [hash]
                ),
                Self.constantTimeEqual(probe.tokenSHA256, hash)
            else {
                throw StoreError(.unknownProbe, "this confirmation link is not one we sent; check the address")
            }
            let now = time ?? clock()
            if let usedAt = probe.usedAt {
                throw StoreError(.probeUsed, "this confirmation was already used at \(usedAt)")
            }
            guard now < probe.expiresAt else {
                throw StoreError(
                    .probeExpired,
                    "this confirmation expired at \(probe.expiresAt); send the request again"
                )
            }
            try db.execute(sql: "UPDATE probes SET used_at = ? WHERE id = ?", arguments: [now, probe.id])
            try audit(db, "probe.confirm", "probe:\(probe.id)", ["purpose": probe.purpose, "target": probe.target])
            return try Self.requireProbe(db, hash: hash)
        }
    }

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    package func probe(token: String) throws -> Probe? {
        try probe(tokenHash: Self.tokenHash(token))
    }

    package func probe(tokenHash hash: String) throws -> Probe? {
        try read { db in
            try Probe.fetchOne(try db.cachedStatement(sql: Queries.probeByTokenHash), arguments: [hash])
        }
    }

    /// Makes an unused probe confirm one more request too: one authorisation mail covers every
    /// request a member has pending.
    package func linkProbe(_ probeID: Int64, toRequest requestID: Int64) throws {
        try write { db in
            _ = try Self.requireRequest(db, id: requestID)
            guard
                let probe = try Probe.fetchOne(
                    db,
                    sql: "SELECT \(Probe.columns) FROM probes WHERE id = ?",
                    arguments: [probeID]
                ),
                probe.usedAt == nil
            else { throw StoreError(.unknownProbe, "probe \(probeID) does not exist or was already used") }
            try db.execute(
                sql: "INSERT OR IGNORE INTO probe_requests (probe_id, request_id) VALUES (?, ?)",
                arguments: [probeID, requestID]
            )
            try audit(db, "probe.link", "probe:\(probeID)", ["request": "\(requestID)"])
        }
    }

    /// Every probe a request waits for, used or not.
    package func probes(forRequest requestID: Int64) throws -> [Probe] {
        try read { db in
            try Probe.fetchAll(try db.cachedStatement(sql: Queries.probesForRequest), arguments: [requestID])
        }
    }

    /// The requests one probe confirms, oldest first.
    package func requestIDs(forProbe probeID: Int64) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(try db.cachedStatement(sql: Queries.requestsForProbe), arguments: [probeID])
        }
    }

    /// Probes sent to `target` since `since`: the rate limit that keeps the CA from being used
    /// to flood a stranger's mailbox.
    package func probeCount(target: String, since: Date) throws -> Int {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: Queries.probeCountForTarget), arguments: [target, since]) ?? 0
        }
    }

    static func requireProbe(_ db: Database, hash: String) throws -> Probe {
        guard let probe = try Probe.fetchOne(try db.cachedStatement(sql: Queries.probeByTokenHash), arguments: [hash])
        else {
            throw StoreError(.unknownProbe, "no probe has this token")
        }
        return probe
    }
}
