import Foundation
import GRDB

extension Store {
    /// Records an assurance after Policy has approved the points. The Store enforces what must
    /// hold whatever the configuration: both members exist, nobody assures themselves, and one
    /// assurance per assurer and assuree (CAcert Assurance Policy §4.3).
    @discardableResult
    package func recordAssurance(
        assurer: Int64,
        assuree: Int64,
        points: Int,
        meetingDate: String,
        location: String,
        method: AssuranceMethod,
        documents: String,
        capSigned: Bool
    ) throws -> Assurance {
        guard points >= 0 else {
            throw StoreError(.invalidPoints, "points must not be negative (got \(points))")
        }
        try CalendarDay.validate(meetingDate, field: "meeting date")
        let location = try InputCheck.text(location, field: "location")
        let documents = try InputCheck.text(documents, field: "documents")
        guard assurer != assuree else {
            throw StoreError(
                .selfAssurance,
                "member \(assurer) cannot assure themselves (Assurance Policy: no assurance of oneself)"
            )
        }
        return try write { db in
            _ = try Self.requireMember(db, id: assurer)
            _ = try Self.requireMember(db, id: assuree)
            if let earlier = try Assurance.fetchOne(
                try db.cachedStatement(sql: Queries.assuranceByPair),
                arguments: [assurer, assuree]
            ) {
                throw StoreError(
                    .duplicateAssurance,
                    "member \(assurer) already assured member \(assuree) on \(earlier.meetingDate) (assurance "
                        + "\(earlier.id)); the Assurance Policy allows one assurance per assurer and member"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO assurances (assurer_id, assuree_id, points, meeting_date, location, method, documents,
                                            cap_signed, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    assurer, assuree, points, meetingDate, location, method.rawValue, documents, capSigned, clock(),
                ]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "assurance.record",
                "assurance:\(id)",
                [
                    "assurer": "\(assurer)", "assuree": "\(assuree)", "points": "\(points)",
                    "method": method.rawValue, "meetingDate": meetingDate, "location": location,
                    "capSigned": capSigned ? "yes" : "no",
                ]
            )
            return try Self.requireAssurance(db, id: id)
        }
    }

    /// Revokes an assurance; it then counts zero points but stays on record.
    @discardableResult
    package func revokeAssurance(id: Int64, reason: String, at time: Date? = nil) throws -> Assurance {
        let reason = try InputCheck.text(reason, field: "reason")
        return try write { db in
            let assurance = try Self.requireAssurance(db, id: id)
            if let revokedAt = assurance.revokedAt {
                throw StoreError(.alreadyRevoked, "assurance \(id) was already revoked at \(revokedAt)")
            }
            try db.execute(
                sql: "UPDATE assurances SET revoked_at = ?, revocation_reason = ? WHERE id = ?",
                arguments: [time ?? clock(), reason, id]
            )
            try audit(db, "assurance.revoke", "assurance:\(id)", ["reason": reason])
            return try Self.requireAssurance(db, id: id)
        }
    }

    package func assurance(id: Int64) throws -> Assurance? {
        try read { db in try Assurance.fetchOne(try db.cachedStatement(sql: Queries.assuranceByID), arguments: [id]) }
    }

    package func assurance(assurer: Int64, assuree: Int64) throws -> Assurance? {
        try read { db in
            try Assurance.fetchOne(try db.cachedStatement(sql: Queries.assuranceByPair), arguments: [assurer, assuree])
        }
    }

    /// Assurances the member received, oldest first: the input to their assurance points.
    package func assurances(receivedBy memberID: Int64) throws -> [Assurance] {
        try read { db in
            try Assurance.fetchAll(try db.cachedStatement(sql: Queries.assurancesReceived), arguments: [memberID])
        }
    }

    /// Assurances the member gave, by assuree: the input to their experience points.
    package func assurances(givenBy memberID: Int64) throws -> [Assurance] {
        try read { db in
            try Assurance.fetchAll(try db.cachedStatement(sql: Queries.assurancesGiven), arguments: [memberID])
        }
    }

    /// Every assurance, oldest first (the operator's list).
    package func allAssurances() throws -> [Assurance] {
        try read { db in try Assurance.fetchAll(try db.cachedStatement(sql: Queries.allAssurances)) }
    }

    static func requireAssurance(_ db: Database, id: Int64) throws -> Assurance {
        guard
            let assurance = try Assurance.fetchOne(try db.cachedStatement(sql: Queries.assuranceByID), arguments: [id])
        else {
            throw StoreError(.unknownAssurance, "no assurance has id \(id)")
        }
        return assurance
    }
}
