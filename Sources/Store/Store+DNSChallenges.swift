import Foundation
import GRDB

/// The schema and statements of DNS Change validations (migration `dns-1-challenges`).
enum DNSChallengeSchema {
    static let version1: [String] = [
        """
        CREATE TABLE dns_challenges (
            id INTEGER PRIMARY KEY,
            request_id INTEGER REFERENCES requests(id),
            member_id INTEGER NOT NULL REFERENCES members(id),
            domain TEXT NOT NULL COLLATE NOCASE,
            record_name TEXT NOT NULL,
            value_sha256 TEXT NOT NULL UNIQUE CHECK (length(value_sha256) = 64),
            state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'refused', 'expired', 'replaced')),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL CHECK (expires_at > created_at),
            next_check_at TEXT NOT NULL,
            checks INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0),
            last_checked_at TEXT,
            last_result TEXT,
            finished_at TEXT,
            CHECK ((state = 'pending') = (finished_at IS NULL))
        )
        """,
        // The dns job's question: what is due now.
        "CREATE INDEX dns_challenges_due ON dns_challenges(state, next_check_at)",
        "CREATE INDEX dns_challenges_member ON dns_challenges(member_id, domain)",
    ]
}

enum DNSChallengeQueries {
    static let byID = "SELECT \(DNSChallenge.columns) FROM dns_challenges WHERE id = ?"
    static let byValueHash = "SELECT \(DNSChallenge.columns) FROM dns_challenges WHERE value_sha256 = ?"
    static let due = """
        SELECT \(DNSChallenge.columns) FROM dns_challenges
        WHERE state = 'pending' AND next_check_at <= ? ORDER BY next_check_at
        """
    static let pendingForMemberAndDomain = """
        SELECT \(DNSChallenge.columns) FROM dns_challenges
        WHERE member_id = ? AND domain = ? AND state = 'pending' ORDER BY id
        """

    static let all: [NamedQuery] = [
        NamedQuery("dnsChallenge(id:)", byID),
        NamedQuery("dnsChallenge(value:)", byValueHash),
        NamedQuery("dueDNSChallenges(at:)", due),
        NamedQuery("createDNSChallenge: earlier pending", pendingForMemberAndDomain),
    ]
}

extension Store {
    /// The stored form of a challenge value: SHA-256 of it exactly as sent (TXT data keeps case).
    package static func challengeValueHash(_ value: String) -> String {
        SHA256.hexDigest(Array(value.utf8))
    }

    /// Records a challenge about to be mailed; an earlier pending challenge of the same member for
    /// the same domain is replaced, so a member who asks again has one value to publish.
    @discardableResult
    package func createDNSChallenge(
        value: String,
        member memberID: Int64,
        domain: String,
        recordName: String,
        requestID: Int64?,
        expiresAt: Date
    ) throws -> DNSChallenge {
        guard value.utf8.count >= 26 else {
            throw StoreError(.malformedInput, "a challenge value needs at least 128 random bits (26 base32 characters)")
        }
        let domain = try InputCheck.domainName(domain)
        let recordName = try InputCheck.text(recordName, field: "record name")
        let hash = Self.challengeValueHash(value)
        return try write { db in
            _ = try Self.requireMember(db, id: memberID)
            if let requestID { _ = try Self.requireRequest(db, id: requestID) }
            let now = clock()
            guard expiresAt > now else {
                throw StoreError(.malformedInput, "the challenge would expire before it is sent")
            }
            let earlier = try DNSChallenge.fetchAll(
                try db.cachedStatement(sql: DNSChallengeQueries.pendingForMemberAndDomain),
                arguments: [memberID, domain]
            )
            for challenge in earlier {
                try db.execute(
                    sql: "UPDATE dns_challenges SET state = 'replaced', finished_at = ?, last_result = ? WHERE id = ?",
                    arguments: [now, "replaced by a newer challenge", challenge.id]
                )
                try audit(db, "dns-challenge.replaced", "dns-challenge:\(challenge.id)", ["domain": domain])
            }
            try db.execute(
                sql: """
                    INSERT INTO dns_challenges (request_id, member_id, domain, record_name, value_sha256, state,
                                                created_at, expires_at, next_check_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """,
                arguments: [requestID, memberID, domain, recordName, hash, now, expiresAt, now]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "dns-challenge.create",
                "dns-challenge:\(id)",
                [
                    "member": "\(memberID)", "domain": domain, "record": recordName,
                    "request": requestID.map { "\($0)" } ?? "", "expires": "\(expiresAt)",
                ]
            )
            return try Self.requireDNSChallenge(db, id: id)
        }
    }

    package func dnsChallenge(id: Int64) throws -> DNSChallenge? {
        try read { db in
            try DNSChallenge.fetchOne(try db.cachedStatement(sql: DNSChallengeQueries.byID), arguments: [id])
        }
    }

    /// The challenge whose value this is, if any (the value itself is never stored).
    package func dnsChallenge(value: String) throws -> DNSChallenge? {
        try read { db in
            try DNSChallenge.fetchOne(
                try db.cachedStatement(sql: DNSChallengeQueries.byValueHash),
                arguments: [Self.challengeValueHash(value)]
            )
        }
    }

    /// Pending challenges whose next look is due at `time`, the longest-waiting first.
    package func dueDNSChallenges(at time: Date) throws -> [DNSChallenge] {
        try read { db in
            try DNSChallenge.fetchAll(try db.cachedStatement(sql: DNSChallengeQueries.due), arguments: [time])
        }
    }

    /// Notes what a look found and when to look again; the challenge stays pending.
    package func recordDNSCheck(id: Int64, result: String, nextCheckAt: Date, at time: Date) throws {
        let result = try InputCheck.text(result, field: "check result")
        try write { db in
            let challenge = try Self.requireDNSChallenge(db, id: id)
            guard challenge.state == .pending else { throw Self.notPending(challenge) }
            try db.execute(
                sql: """
                    UPDATE dns_challenges SET checks = checks + 1, last_checked_at = ?, last_result = ?,
                                              next_check_at = ?
                    WHERE id = ?
                    """,
                arguments: [time, result, nextCheckAt, id]
            )
        }
    }

    /// Ends a pending challenge as refused or expired, with the reason the member is told.
    @discardableResult
    package func finishDNSChallenge(
        id: Int64,
        as state: DNSChallengeState,
        result: String,
        at time: Date
    ) throws -> DNSChallenge {
        guard state == .refused || state == .expired else {
            throw StoreError(
                .invalidTransition,
                "a DNS challenge is finished as refused or expired; \(state.rawValue) is not that"
            )
        }
        let result = try InputCheck.text(result, field: "result")
        return try write { db in
            let challenge = try Self.requireDNSChallenge(db, id: id)
            guard challenge.state == .pending else { throw Self.notPending(challenge) }
            try db.execute(
                sql: """
                    UPDATE dns_challenges SET state = ?, finished_at = ?, last_result = ?, last_checked_at = ?
                    WHERE id = ?
                    """,
                arguments: [state.rawValue, time, result, time, id]
            )
            try audit(
                db,
                "dns-challenge.\(state.rawValue)",
                "dns-challenge:\(id)",
                ["domain": challenge.domain, "member": "\(challenge.memberID)", "result": result]
            )
            return try Self.requireDNSChallenge(db, id: id)
        }
    }

    /// The challenge's record was found with its value: the domain becomes the asking member's,
    /// verified by `method`, in the same transaction that closes the challenge. A domain that
    /// another member holds is refused (only the operator moves a domain).
    @discardableResult
    package func completeDNSChallenge(
        id: Int64,
        method: String,
        evidence: String,
        at time: Date
    ) throws -> Domain {
        let method = try InputCheck.text(method, field: "method")
        let evidence = try InputCheck.text(evidence, field: "evidence")
        return try write { db in
            let challenge = try Self.requireDNSChallenge(db, id: id)
            guard challenge.state == .pending else { throw Self.notPending(challenge) }
            _ = try Self.requireMember(db, id: challenge.memberID)
            let name = challenge.domain
            if let existing = try Domain.fetchOne(
                try db.cachedStatement(sql: Queries.domainByName),
                arguments: [name]
            ) {
                guard existing.memberID == challenge.memberID else { throw Self.domainOwnedByAnother(name) }
            } else {
                try db.execute(
                    sql: "INSERT INTO domains (name, member_id, added_at) VALUES (?, ?, ?)",
                    arguments: [name, challenge.memberID, time]
                )
                try audit(db, "domain.add", "domain:\(name)", ["member": "\(challenge.memberID)"])
            }
            try db.execute(
                sql: "UPDATE domains SET verified_at = ?, verification_method = ?, contact = ? WHERE name = ?",
                arguments: [time, method, challenge.recordName, name]
            )
            try audit(
                db,
                "domain.verify",
                "domain:\(name)",
                ["member": "\(challenge.memberID)", "method": method, "contact": challenge.recordName]
            )
            try db.execute(
                sql: """
                    UPDATE dns_challenges SET state = 'verified', finished_at = ?, last_checked_at = ?,
                                              last_result = ?, checks = checks + 1
                    WHERE id = ?
                    """,
                arguments: [time, time, evidence, id]
            )
            try audit(
                db,
                "dns-challenge.verified",
                "dns-challenge:\(id)",
                ["domain": name, "member": "\(challenge.memberID)", "evidence": evidence]
            )
            return try Self.requireDomain(db, name)
        }
    }

    static func requireDNSChallenge(_ db: Database, id: Int64) throws -> DNSChallenge {
        guard
            let challenge = try DNSChallenge.fetchOne(
                try db.cachedStatement(sql: DNSChallengeQueries.byID),
                arguments: [id]
            )
        else {
            throw StoreError(.unknownDNSChallenge, "no DNS challenge has the id \(id)")
        }
        return challenge
    }

    private static func notPending(_ challenge: DNSChallenge) -> StoreError {
        StoreError(
            .invalidTransition,
            "the DNS challenge for \(challenge.domain) is already \(challenge.state.rawValue)"
        )
    }
}
