import Foundation
import GRDB

/// Counts for the public statistics page, each one query over an index (migration
/// `site-1-statistics`): no member is named and nothing personal leaves the Store.
package struct RegistryStatistics: Sendable, Hashable, Codable {
    package var members = 0
    package var verifiedEmails = 0
    package var verifiedDomains = 0
    /// Assurances not revoked, by meeting month (`YYYY-MM`), oldest first.
    package var assurancesPerMonth: [MonthCount] = []
    /// Issued certificates by the month of their notBefore and their profile, oldest first.
    package var certificatesPerMonth: [MonthCount] = []
    /// Revoked certificates by RFC 5280 reason name; "" when none was stated.
    package var revocationsByReason: [KeyCount] = []

    package init() {}
}

/// A count for one month and, where it applies, one kind (a certificate profile).
package struct MonthCount: Sendable, Hashable, Codable {
    package var month: String
    package var kind: String
    package var count: Int
}

/// A count for one key.
package struct KeyCount: Sendable, Hashable, Codable {
    package var key: String
    package var count: Int
}

/// What one audit row changed for the site: which members' pages it touches. `affectsPages` is
/// false for rows no page shows (job runs, CRL numbers); `understood` is false for an action the
/// site does not know, after which a build checks every member.
package struct AuditTouch: Sendable, Hashable {
    package var seq: Int64
    package var members: [Int64]
    package var affectsPages: Bool
    package var understood: Bool
}

enum SiteQueries {
    static let memberCount = "SELECT COUNT(*) FROM members"
    static let verifiedEmailCount = "SELECT COUNT(*) FROM emails WHERE verified_at IS NOT NULL"
    static let verifiedDomainCount = "SELECT COUNT(*) FROM domains WHERE verified_at IS NOT NULL"
    static let assurancesPerMonth = """
        SELECT substr(meeting_date, 1, 7) AS month, COUNT(*) FROM assurances WHERE revoked_at IS NULL
        GROUP BY substr(meeting_date, 1, 7) ORDER BY substr(meeting_date, 1, 7)
        """
    static let certificatesPerMonth = """
        SELECT substr(not_before, 1, 7) AS month, profile, COUNT(*) FROM certificates WHERE der IS NOT NULL
        GROUP BY substr(not_before, 1, 7), profile ORDER BY substr(not_before, 1, 7), profile
        """
    static let revocationsByReason = """
        SELECT coalesce(revocation_reason, ''), COUNT(*) FROM certificates WHERE revoked_at IS NOT NULL
        GROUP BY coalesce(revocation_reason, '') ORDER BY coalesce(revocation_reason, '')
        """
    static let pendingRequestsFromSender = """
        SELECT \(Request.columns) FROM requests WHERE sender = ? AND state IN ('received', 'waiting-confirmation', 'queued')
        ORDER BY received_at
        """
    static let auditAfter = "SELECT seq, action, subject, details FROM audit_log WHERE seq > ? ORDER BY seq"
    static let auditHeadSeq = "SELECT max(seq) FROM audit_log"
    static let requestSender = "SELECT sender FROM requests WHERE id = ?"
    static let certificateMember = "SELECT member_id FROM certificates WHERE id = ?"
    static let assuranceMembers = "SELECT assurer_id, assuree_id FROM assurances WHERE id = ?"
    static let memberIDByEmail = "SELECT member_id FROM emails WHERE address = ?"

    static let all: [NamedQuery] = [
        NamedQuery("statistics(): members", memberCount, scansByDesign: true),
        NamedQuery("statistics(): verified emails", verifiedEmailCount, scansByDesign: true),
        NamedQuery("statistics(): verified domains", verifiedDomainCount, scansByDesign: true),
        NamedQuery("statistics(): assurances per month", assurancesPerMonth, scansByDesign: true),
        NamedQuery("statistics(): certificates per month", certificatesPerMonth, scansByDesign: true),
        NamedQuery("statistics(): revocations by reason", revocationsByReason, scansByDesign: true),
        NamedQuery("pendingRequests(senders:)", pendingRequestsFromSender),
        NamedQuery("auditTouches(after:_:)", auditAfter),
        NamedQuery("auditHeadSeq()", auditHeadSeq),
        NamedQuery("auditTouches: request sender", requestSender),
        NamedQuery("auditTouches: certificate member", certificateMember),
        NamedQuery("auditTouches: assurance members", assuranceMembers),
        NamedQuery("auditTouches: member by email", memberIDByEmail),
    ]
}

extension Store {
    /// The counts of the statistics page, from one snapshot.
    package func statistics() throws -> RegistryStatistics {
        try readSnapshot { db in
            var statistics = RegistryStatistics()
            func count(_ sql: String) throws -> Int { try Int.fetchOne(try db.cachedStatement(sql: sql)) ?? 0 }
            statistics.members = try count(SiteQueries.memberCount)
            statistics.verifiedEmails = try count(SiteQueries.verifiedEmailCount)
            statistics.verifiedDomains = try count(SiteQueries.verifiedDomainCount)
            statistics.assurancesPerMonth = try Row.fetchAll(
                try db.cachedStatement(sql: SiteQueries.assurancesPerMonth)
            ).map { MonthCount(month: $0[0], kind: "", count: $0[1]) }
            statistics.certificatesPerMonth = try Row.fetchAll(
                try db.cachedStatement(sql: SiteQueries.certificatesPerMonth)
            ).map { MonthCount(month: $0[0], kind: $0[1], count: $0[2]) }
            statistics.revocationsByReason = try Row.fetchAll(
                try db.cachedStatement(sql: SiteQueries.revocationsByReason)
            ).map { KeyCount(key: $0[0], count: $0[1]) }
            return statistics
        }
    }

    /// Requests from any of `senders` still waiting for a reply or a confirmation, oldest first.
    package func pendingRequests(senders: [String]) throws -> [Request] {
        try read { db in
            var found: [Request] = []
            for sender in senders {
                found += try Request.fetchAll(
                    try db.cachedStatement(sql: SiteQueries.pendingRequestsFromSender),
                    arguments: [sender.lowercased()]
                )
            }
            return found.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        }
    }

    /// The sequence number of the newest audit row, 0 for an empty log.
    package func auditHeadSeq() throws -> Int64 {
        try read { db in try Int64.fetchOne(try db.cachedStatement(sql: SiteQueries.auditHeadSeq)) ?? 0 }
    }

    /// Streams what each audit row after `seq` changed for member pages, oldest first: how an
    /// incremental site build finds the few members to render again without reading them all.
    package func forEachAuditTouch(after seq: Int64, _ body: (AuditTouch) throws -> Void) throws {
        try readSnapshot { db in
            let cursor = try Row.fetchCursor(db, sql: SiteQueries.auditAfter, arguments: [seq])
            while let row = try cursor.next() {
                let action: String = row[1]
                let subject: String = row[2]
                let details = (try? StringList.decodeObject(row[3], column: "details")) ?? [:]
                try body(try Self.touch(db, seq: row[0], action: action, subject: subject, details: details))
            }
        }
    }

    private static func touch(
        _ db: Database,
        seq: Int64,
        action: String,
        subject: String,
        details: [String: String]
    ) throws -> AuditTouch {
        let family = action.split(separator: ".").first.map(String.init) ?? action
        let (kind, value) =
            subject.firstIndex(of: ":").map {
                (String(subject[..<$0]), String(subject[subject.index(after: $0)...]))
            } ?? (subject, "")
        var members = ["member", "from", "to", "assurer", "assuree"].compactMap { details[$0].flatMap(Int64.init) }
        switch family {
        case "job", "crl", "probe", "key", "keys", "ceremony", "ca", "intake", "audit", "caa":
            // Nothing a member page shows; the roots page is rebuilt from the CRL files themselves.
            return AuditTouch(seq: seq, members: [], affectsPages: family == "crl" || family == "ca", understood: true)
        case "member":
            if kind == "member", let id = Int64(value) { members.append(id) }
        case "email", "domain", "challenge":
            break
        case "certificate":
            if let id = Int64(value), kind == "certificate",
                let row = try Row.fetchOne(try db.cachedStatement(sql: SiteQueries.certificateMember), arguments: [id]),
                let owner = row[0] as Int64?
            {
                members.append(owner)
            }
        case "assurance":
            if let id = Int64(value), kind == "assurance",
                let row = try Row.fetchOne(try db.cachedStatement(sql: SiteQueries.assuranceMembers), arguments: [id])
            {
                members += [row[0], row[1]]
            }
        case "request":
            if let id = Int64(value), kind == "request",
                let sender = try String.fetchOne(
                    try db.cachedStatement(sql: SiteQueries.requestSender),
                    arguments: [id]
                ),
                let owner = try Int64.fetchOne(
                    try db.cachedStatement(sql: SiteQueries.memberIDByEmail),
                    arguments: [sender.lowercased()]
                )
            {
                members.append(owner)
            }
        default:
            return AuditTouch(seq: seq, members: [], affectsPages: true, understood: false)
        }
        return AuditTouch(seq: seq, members: members, affectsPages: true, understood: true)
    }
}
