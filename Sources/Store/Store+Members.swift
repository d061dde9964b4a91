import Foundation
import GRDB

extension Store {
    /// Registers a person with `primaryEmail` as their first (unverified) address.
    ///
    /// Refuses an address another member already holds: ownership moves only through
    /// `transferEmail(_:to:reason:)`, the explicit dispute operation.
    @discardableResult
    package func addMember(
        name: String,
        dateOfBirth: String,
        primaryEmail: String,
        parentalConsentAt: Date? = nil,
        language: String? = nil
    ) throws -> Member {
        let name = try InputCheck.text(name, field: "name")
        let language = try language.map { try InputCheck.text($0, field: "language") }
        try CalendarDay.validate(dateOfBirth, field: "date of birth")
        let address = try InputCheck.emailAddress(primaryEmail)
        return try write { db in
            if try EmailAddress.fetchOne(try db.cachedStatement(sql: Queries.emailByAddress), arguments: [address])
                != nil
            {
                throw Self.ownedByAnother(address: address)
            }
            let now = clock()
            let statusPageID = RandomID.make()
            try db.execute(
                sql: """
                    INSERT INTO members (name, date_of_birth, primary_email, status_page_id, parental_consent_at,
                                         blocked, created_at, language)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                    """,
                arguments: [name, dateOfBirth, address, statusPageID, parentalConsentAt, now, language]
            )
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO emails (address, member_id, added_at) VALUES (?, ?, ?)",
                arguments: [address, id, now]
            )
            // The date of birth stays out of the audit details: the log is kept forever.
            var details = ["name": name, "primaryEmail": address]
            if let language { details["language"] = language }
            try audit(db, "member.add", "member:\(id)", details)
            return try Self.requireMember(db, id: id)
        }
    }

    package func member(id: Int64) throws -> Member? {
        try read { db in try Member.fetchOne(try db.cachedStatement(sql: Queries.memberByID), arguments: [id]) }
    }

    /// The owner of `address`, primary or not.
    package func member(byEmail address: String) throws -> Member? {
        try read { db in try Member.fetchOne(try db.cachedStatement(sql: Queries.memberByEmail), arguments: [address]) }
    }

    package func member(byStatusPageID statusPageID: String) throws -> Member? {
        try read { db in
            try Member.fetchOne(try db.cachedStatement(sql: Queries.memberByStatusPageID), arguments: [statusPageID])
        }
    }

    /// Streams every member in id order from one snapshot, one row in memory at a time, for site
    /// builds. `body` may call the Store's read methods; they reuse this snapshot.
    package func forEachMember(_ body: (Member) throws -> Void) throws {
        try readSnapshot { db in
            let cursor = try Member.fetchCursor(db, sql: Queries.allMembers)
            while let member = try cursor.next() {
                try body(member)
            }
        }
    }

    /// Gives the member a new status-page identifier and keeps the old one valid as the previous
    /// page until `retirePreviousStatusPage`. While a rotation is pending (a previous page exists) no
    /// new identifier is made and the pending one is returned, so repeated requests, forged or not,
    /// never take away the page the member had.
    @discardableResult
    package func rotateStatusPageID(member id: Int64) throws -> String {
        try write { db in
            let member = try Self.requireMember(db, id: id)
            guard member.previousStatusPageID == nil else { return member.statusPageID }
            let statusPageID = RandomID.make()
            try db.execute(
                sql: "UPDATE members SET previous_status_page_id = status_page_id, status_page_id = ? WHERE id = ?",
                arguments: [statusPageID, id]
            )
            try audit(db, "member.rotate-status-page", "member:\(id)")
            return statusPageID
        }
    }

    /// Ends the previous status page: the member answered the mail with the new link.
    @discardableResult
    package func retirePreviousStatusPage(member id: Int64) throws -> Member {
        try write { db in
            let member = try Self.requireMember(db, id: id)
            if member.previousStatusPageID != nil {
                try db.execute(sql: "UPDATE members SET previous_status_page_id = NULL WHERE id = ?", arguments: [id])
                try audit(db, "member.retire-status-page", "member:\(id)")
            }
            return try Self.requireMember(db, id: id)
        }
    }

    /// Records that a parent or guardian consented, which minors need (Assurance Policy §2.3).
    @discardableResult
    package func recordParentalConsent(member id: Int64, at time: Date? = nil) throws -> Member {
        try write { db in
            _ = try Self.requireMember(db, id: id)
            let time = time ?? clock()
            try db.execute(
                sql: "UPDATE members SET parental_consent_at = ? WHERE id = ?",
                arguments: [time, id]
            )
            try audit(db, "member.parental-consent", "member:\(id)")
            return try Self.requireMember(db, id: id)
        }
    }

    /// Blocks or unblocks a member; the reason goes to the audit log, where an arbiter will look.
    @discardableResult
    package func setBlocked(member id: Int64, _ blocked: Bool, reason: String) throws -> Member {
        let reason = try InputCheck.text(reason, field: "reason")
        return try write { db in
            _ = try Self.requireMember(db, id: id)
            try db.execute(sql: "UPDATE members SET blocked = ? WHERE id = ?", arguments: [blocked, id])
            try audit(db, blocked ? "member.block" : "member.unblock", "member:\(id)", ["reason": reason])
            return try Self.requireMember(db, id: id)
        }
    }

    /// Sets the language of the member's mail and status page (a locale tag the caller checked
    /// against the configured ones). Setting the language the member already has changes nothing and
    /// writes no audit row.
    @discardableResult
    package func setLanguage(member id: Int64, _ language: String) throws -> Member {
        let language = try InputCheck.text(language, field: "language")
        return try write { db in
            let member = try Self.requireMember(db, id: id)
            guard member.language != language else { return member }
            try db.execute(sql: "UPDATE members SET language = ? WHERE id = ?", arguments: [language, id])
            try audit(db, "member.language", "member:\(id)", ["language": language])
            return try Self.requireMember(db, id: id)
        }
    }

    static func requireMember(_ db: Database, id: Int64) throws -> Member {
        guard let member = try Member.fetchOne(try db.cachedStatement(sql: Queries.memberByID), arguments: [id]) else {
            throw StoreError(.unknownMember, "no member has id \(id)")
        }
        return member
    }

    /// The refusal names neither the owner nor their id: the reason may be mailed to a stranger.
    static func ownedByAnother(address: String) -> StoreError {
        StoreError(
            .addressOwnedByAnother,
            "\(address) is registered to another member; an address has one owner, and only a dispute "
                + "decided by the operator can move it"
        )
    }
}
