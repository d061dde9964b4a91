import GRDB

/// One row of the hash-chained audit log, exactly as stored: `time` stays text so the hash is
/// recomputed over the very bytes that were hashed when the row was written.
package struct AuditEntry: Sendable, Hashable {
    package var seq: Int64
    package var time: String
    package var actor: String
    package var action: String
    package var subject: String
    /// A JSON object with sorted keys.
    package var details: String
    package var prevHash: String
    package var hash: String

    /// SHA-256 over the canonical encoding of every field but `hash`, as lower-case hex.
    package var computedHash: String {
        AuditChain.hash(
            seq: seq,
            time: time,
            actor: actor,
            action: action,
            subject: subject,
            details: details,
            prevHash: prevHash
        )
    }
}

extension AuditEntry: FetchableRecord {
    static let columns = "seq, time, actor, action, subject, details, prev_hash, hash"

    package init(row: Row) throws {
        seq = try row.decode(forColumn: "seq")
        time = try row.decode(forColumn: "time")
        actor = try row.decode(forColumn: "actor")
        action = try row.decode(forColumn: "action")
        subject = try row.decode(forColumn: "subject")
        details = try row.decode(forColumn: "details")
        prevHash = try row.decode(forColumn: "prev_hash")
        hash = try row.decode(forColumn: "hash")
    }
}
