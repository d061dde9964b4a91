import Foundation
import GRDB

extension Store {
    /// Claims `address` for a member, unverified until a probe is answered. Claiming an address
    /// the member already holds returns it unchanged, so a retried request does no harm.
    @discardableResult
    package func addEmail(_ address: String, member memberID: Int64) throws -> EmailAddress {
        let address = try InputCheck.emailAddress(address)
        return try write { db in
            _ = try Self.requireMember(db, id: memberID)
            if let existing = try EmailAddress.fetchOne(
                try db.cachedStatement(sql: Queries.emailByAddress),
                arguments: [address]
            ) {
                guard existing.memberID == memberID else { throw Self.ownedByAnother(address: address) }
                return existing
            }
            try db.execute(
                sql: "INSERT INTO emails (address, member_id, added_at) VALUES (?, ?, ?)",
                arguments: [address, memberID, clock()]
            )
            try audit(db, "email.add", "email:\(address)", ["member": "\(memberID)"])
            return try Self.requireEmail(db, address)
        }
    }

    /// Marks `address` as controlled by its owner, e.g. after a probe reply (`method: "probe-reply"`).
    @discardableResult
    package func verifyEmail(_ address: String, method: String, at time: Date? = nil) throws -> EmailAddress {
        try write { db in
            let email = try Self.requireEmail(db, address)
            try db.execute(
                sql: "UPDATE emails SET verified_at = ?, verification_method = ? WHERE id = ?",
                arguments: [time ?? clock(), method, email.id]
            )
            try audit(db, "email.verify", "email:\(email.address)", ["member": "\(email.memberID)", "method": method])
            return try Self.requireEmail(db, address)
        }
    }

    /// The dispute operation: moves `address` to `newOwner`, unverified, because the new owner
    /// still has to prove control. The reason (the arbitration ruling) goes to the audit log.
    @discardableResult
    package func transferEmail(_ address: String, to newOwner: Int64, reason: String) throws -> EmailAddress {
        let reason = try InputCheck.text(reason, field: "reason")
        return try write { db in
            let email = try Self.requireEmail(db, address)
            _ = try Self.requireMember(db, id: newOwner)
            let owner = try Self.requireMember(db, id: email.memberID)
            guard owner.primaryEmail.lowercased() != email.address.lowercased() else {
                throw Self.primaryInUse(email.address)
            }
            try db.execute(
                sql: """
                    UPDATE emails SET member_id = ?, added_at = ?, verified_at = NULL, verification_method = NULL
                    WHERE id = ?
                    """,
                arguments: [newOwner, clock(), email.id]
            )
            try audit(
                db,
                "email.transfer",
                "email:\(email.address)",
                ["from": "\(email.memberID)", "to": "\(newOwner)", "reason": reason]
            )
            return try Self.requireEmail(db, address)
        }
    }

    package func email(_ address: String) throws -> EmailAddress? {
        try read { db in
            try EmailAddress.fetchOne(try db.cachedStatement(sql: Queries.emailByAddress), arguments: [address])
        }
    }

    package func emails(forMember memberID: Int64) throws -> [EmailAddress] {
        try read { db in
            try EmailAddress.fetchAll(try db.cachedStatement(sql: Queries.emailsForMember), arguments: [memberID])
        }
    }

    static func requireEmail(_ db: Database, _ address: String) throws -> EmailAddress {
        guard
            let email = try EmailAddress.fetchOne(
                try db.cachedStatement(sql: Queries.emailByAddress),
                arguments: [address]
            )
        else {
            throw StoreError(.unknownAddress, "\(address) is not registered to any member")
        }
        return email
    }

    static func primaryInUse(_ address: String) -> StoreError {
        StoreError(
            .primaryAddressInUse,
            "\(address) is its owner's primary address; make another address primary first"
        )
    }
}
