import Foundation
import GRDB

extension Store {
    /// Claims a domain for a member, unverified until the probe to its contact is answered.
    /// Claiming a domain the member already holds returns it unchanged.
    @discardableResult
    package func addDomain(_ name: String, member memberID: Int64) throws -> Domain {
        let name = try InputCheck.domainName(name)
        return try write { db in
            _ = try Self.requireMember(db, id: memberID)
            if let existing = try Domain.fetchOne(try db.cachedStatement(sql: Queries.domainByName), arguments: [name])
            {
                guard existing.memberID == memberID else { throw Self.domainOwnedByAnother(name) }
                return existing
            }
            try db.execute(
                sql: "INSERT INTO domains (name, member_id, added_at) VALUES (?, ?, ?)",
                arguments: [name, memberID, clock()]
            )
            try audit(db, "domain.add", "domain:\(name)", ["member": "\(memberID)"])
            return try Self.requireDomain(db, name)
        }
    }

    /// Records a successful validation and the contact address it used (BR 3.2.2.4.4).
    @discardableResult
    package func verifyDomain(
        _ name: String,
        method: String,
        contact: String,
        at time: Date? = nil
    ) throws -> Domain {
        let name = try InputCheck.domainName(name)
        return try write { db in
            let domain = try Self.requireDomain(db, name)
            try db.execute(
                sql: "UPDATE domains SET verified_at = ?, verification_method = ?, contact = ? WHERE id = ?",
                arguments: [time ?? clock(), method, contact, domain.id]
            )
            try audit(
                db,
                "domain.verify",
                "domain:\(name)",
                ["member": "\(domain.memberID)", "method": method, "contact": contact]
            )
            return try Self.requireDomain(db, name)
        }
    }

    /// The dispute operation for domains: moves `name` to `newOwner`, unverified.
    @discardableResult
    package func transferDomain(_ name: String, to newOwner: Int64, reason: String) throws -> Domain {
        let name = try InputCheck.domainName(name)
        let reason = try InputCheck.text(reason, field: "reason")
        return try write { db in
            let domain = try Self.requireDomain(db, name)
            _ = try Self.requireMember(db, id: newOwner)
            try db.execute(
                sql: """
                    UPDATE domains SET member_id = ?, added_at = ?, verified_at = NULL, verification_method = NULL,
                                       contact = NULL
                    WHERE id = ?
                    """,
                arguments: [newOwner, clock(), domain.id]
            )
            try audit(
                db,
                "domain.transfer",
                "domain:\(name)",
                ["from": "\(domain.memberID)", "to": "\(newOwner)", "reason": reason]
            )
            return try Self.requireDomain(db, name)
        }
    }

    package func domain(_ name: String) throws -> Domain? {
        let name = try InputCheck.domainName(name)
        return try read { db in
            try Domain.fetchOne(try db.cachedStatement(sql: Queries.domainByName), arguments: [name])
        }
    }

    package func domains(forMember memberID: Int64) throws -> [Domain] {
        try read { db in
            try Domain.fetchAll(try db.cachedStatement(sql: Queries.domainsForMember), arguments: [memberID])
        }
    }

    static func requireDomain(_ db: Database, _ name: String) throws -> Domain {
        guard let domain = try Domain.fetchOne(try db.cachedStatement(sql: Queries.domainByName), arguments: [name])
        else {
            throw StoreError(.unknownDomain, "\(name) is not registered to any member")
        }
        return domain
    }

    static func domainOwnedByAnother(_ name: String) -> StoreError {
        StoreError(
            .domainOwnedByAnother,
            "\(name) is registered to another member; a domain has one owner, and only a dispute "
                + "decided by the operator can move it"
        )
    }
}
