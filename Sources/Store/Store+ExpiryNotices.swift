import Foundation
import GRDB

extension Store {
    /// Records that the notice `daysBefore` expiry went out for a certificate. Returns false when it
    /// had already been recorded: each notice is sent once, however often the job runs.
    @discardableResult
    package func recordExpiryNotice(certificate id: Int64, daysBefore: Int, at time: Date? = nil) throws -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO expiry_notices (certificate_id, days_before, sent_at) VALUES (?, ?, ?)
                    """,
                arguments: [id, daysBefore, time ?? clock()]
            )
            return db.changesCount == 1
        }
    }

    package func expiryNoticeSent(certificate id: Int64, daysBefore: Int) throws -> Bool {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: Queries.expiryNotice), arguments: [id, daysBefore]) != nil
        }
    }
}
