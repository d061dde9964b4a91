import Foundation
import GRDB

extension Store {
    /// Records an event that happened outside the registry, such as a signature made by the PKI
    /// module, in the same chain as registry changes.
    @discardableResult
    package func appendAudit(
        actor: String? = nil,
        action: String,
        subject: String,
        details: [String: String] = [:]
    ) throws -> AuditEntry {
        try write { db in
            try AuditChain.append(
                db,
                time: clock(),
                actor: actor ?? self.actor,
                action: action,
                subject: subject,
                details: details
            )
        }
    }

    /// Walks the whole chain and returns `.ok` or the first row that was edited, deleted,
    /// inserted or reordered.
    package func verifyAuditChain() throws -> AuditVerification {
        try readSnapshot { db in try AuditChain.verify(db) }
    }

    /// The newest audit row, whose hash an operator may publish to pin the chain's head.
    package func latestAuditEntry() throws -> AuditEntry? {
        try read { db in
            try AuditEntry.fetchOne(try db.cachedStatement(sql: Queries.latestAuditEntry))
        }
    }

    /// The audit row with sequence number `seq`, if the chain has it.
    package func auditEntry(seq: Int64) throws -> AuditEntry? {
        try read { db in
            try AuditEntry.fetchOne(try db.cachedStatement(sql: Queries.auditEntryBySeq), arguments: [seq])
        }
    }

    /// Whether anything but job bookkeeping and checkpoints was recorded after row `seq`.
    package func hasAuditEvents(after seq: Int64) throws -> Bool {
        try read { db in
            try Bool.fetchOne(try db.cachedStatement(sql: Queries.auditEventAfter), arguments: [seq]) ?? false
        }
    }

    /// Streams the audit log in order without holding it in memory.
    package func forEachAuditEntry(_ body: (AuditEntry) throws -> Void) throws {
        try readSnapshot { db in
            let cursor = try AuditEntry.fetchCursor(db, sql: Queries.allAuditEntries)
            while let entry = try cursor.next() {
                try body(entry)
            }
        }
    }
}
