import Foundation
import GRDB

/// The hash chain behind the audit log: how a row is hashed, appended and verified.
///
/// Each row commits to its predecessor through `prevHash`, and its own `hash` is SHA-256 over a
/// canonical encoding of its fields, so editing, removing, adding or moving a row breaks the
/// chain at a place `verify` can name. The newest rows can still be cut off without trace; an
/// operator who needs that closed publishes the head hash elsewhere (e.g. in a signed CRL run log).
enum AuditChain {
    /// The `prevHash` of the first row.
    static let genesisHash = String(repeating: "0", count: 64)

    /// Separates this encoding from any other use of SHA-256 and lets a later version change it.
    private static let domainTag = "vouch-audit-v1"

    /// Each field is its UTF-8 byte count as 8 big-endian bytes followed by the bytes, so no two
    /// different rows encode alike whatever characters (separators, quotes, NULs) a field holds.
    static func canonicalEncoding(
        seq: Int64,
        time: String,
        actor: String,
        action: String,
        subject: String,
        details: String,
        prevHash: String
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in [domainTag, String(seq), time, actor, action, subject, details, prevHash] {
            let utf8 = Array(field.utf8)
            let count = UInt64(utf8.count)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: count >> UInt64(shift)))
            }
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    static func hash(
        seq: Int64,
        time: String,
        actor: String,
        action: String,
        subject: String,
        details: String,
        prevHash: String
    ) -> String {
        SHA256.hexDigest(
            canonicalEncoding(
                seq: seq,
                time: time,
                actor: actor,
                action: action,
                subject: subject,
                details: details,
                prevHash: prevHash
            )
        )
    }

    /// Appends a row inside the caller's transaction. Any failure becomes `auditWriteFailed` and,
    /// because it is thrown inside that transaction, undoes the change being recorded.
    @discardableResult
    static func append(
        _ db: Database,
        time: Date,
        actor: String,
        action: String,
        subject: String,
        details: [String: String]
    ) throws -> AuditEntry {
        do {
            let last = try Row.fetchOne(try db.cachedStatement(sql: Queries.auditHead))
            let lastSeq: Int64 = try last?.decode(forColumn: "seq") ?? 0
            let prevHash: String = try last?.decode(forColumn: "hash") ?? genesisHash
            let timeText = String.fromDatabaseValue(time.databaseValue) ?? "\(time)"
            var entry = AuditEntry(
                seq: lastSeq + 1,
                time: timeText,
                actor: actor,
                action: action,
                subject: subject,
                details: StringList.encodeObject(details),
                prevHash: prevHash,
                hash: ""
            )
            entry.hash = entry.computedHash
            try db.execute(
                sql: """
                    INSERT INTO audit_log (seq, time, actor, action, subject, details, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.seq, entry.time, entry.actor, entry.action, entry.subject, entry.details,
                    entry.prevHash, entry.hash,
                ]
            )
            return entry
        } catch {
            throw StoreError(
                .auditWriteFailed,
                "the audit row for \(action) on \(subject) could not be written (\(error)); the change was not made"
            )
        }
    }

    /// Walks the chain in `seq` order, one row in memory at a time, and explains the first break.
    static func verify(_ db: Database) throws -> AuditVerification {
        let cursor = try AuditEntry.fetchCursor(db, sql: Queries.auditWalk)
        var previousSeq: Int64 = 0
        var expectedPrev = genesisHash
        var count: Int64 = 0
        while let row = try cursor.next() {
            let selfOK = row.computedHash == row.hash
            let linkOK = row.prevHash == expectedPrev
            let seqOK = row.seq == previousSeq + 1
            if selfOK && linkOK && seqOK {
                previousSeq = row.seq
                expectedPrev = row.hash
                count += 1
                continue
            }
            return .broken(
                try diagnose(
                    db,
                    row: row,
                    selfOK: selfOK,
                    linkOK: linkOK,
                    previousSeq: previousSeq,
                    expected: expectedPrev
                )
            )
        }
        return .ok(rows: count)
    }

    /// Tells the four kinds of tampering apart using the neighbours of the first bad row.
    private static func diagnose(
        _ db: Database,
        row: AuditEntry,
        selfOK: Bool,
        linkOK: Bool,
        previousSeq: Int64,
        expected: String
    ) throws -> AuditBreak {
        let predecessorSeq: Int64? =
            linkOK
            ? nil
            : try Int64.fetchOne(
                try db.cachedStatement(sql: Queries.auditRowByHash),
                arguments: [row.prevHash, row.seq]
            )
        if let predecessorSeq, predecessorSeq > row.seq {
            return AuditBreak(
                kind: .reordered,
                seq: row.seq,
                explanation: "it links to row \(predecessorSeq), which is stored after it"
            )
        }
        let nextPrev = try String.fetchOne(
            try db.cachedStatement(sql: Queries.auditNextPrevHash),
            arguments: [row.seq]
        )
        if !selfOK, nextPrev == expected {
            return AuditBreak(
                kind: .inserted,
                seq: row.seq,
                explanation: "the next row links past it to row \(previousSeq), so it was never part of the chain"
            )
        }
        if !selfOK, !linkOK, predecessorSeq == nil, nextPrev == nil {
            return AuditBreak(
                kind: .inserted,
                seq: row.seq,
                explanation: "the last row neither matches its hash nor links to row \(previousSeq)"
            )
        }
        if let predecessorSeq, predecessorSeq < previousSeq {
            let first = try Int64.fetchOne(
                try db.cachedStatement(sql: Queries.auditNextSeq),
                arguments: [predecessorSeq]
            )
            return AuditBreak(
                kind: .inserted,
                seq: first ?? row.seq,
                explanation: "row \(row.seq) links back to row \(predecessorSeq), so the rows between were added"
            )
        }
        if selfOK {
            let missing =
                row.seq > previousSeq + 1
                ? "rows \(previousSeq + 1)…\(row.seq - 1) are missing"
                : "the row it links to is missing"
            return AuditBreak(kind: .deleted, seq: row.seq, explanation: "\(missing) before it")
        }
        return AuditBreak(
            kind: .edited,
            seq: row.seq,
            explanation: "its contents no longer match its hash"
                + (nextPrev == nil ? " (or it was appended with a forged hash)" : "")
        )
    }
}
