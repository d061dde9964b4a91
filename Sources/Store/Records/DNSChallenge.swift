import Foundation
import GRDB

/// A DNS Change validation (TLS BR 3.2.2.4.7) waiting for its TXT record: the member was sent a
/// random value to publish at `recordName`; only the value's SHA-256 is kept, so a leaked database
/// cannot be used to complete anyone's validation.
package struct DNSChallenge: Sendable, Hashable {
    package var id: Int64
    package var requestID: Int64?
    /// The member who asked, and the only one the domain can be verified for.
    package var memberID: Int64
    package var domain: String
    /// `_vouch-challenge.<domain>`.
    package var recordName: String
    package var valueSHA256: String
    package var state: DNSChallengeState
    package var createdAt: Date
    package var expiresAt: Date
    /// When the `dns` job looks next; pushed back after each look (back-off).
    package var nextCheckAt: Date
    package var checks: Int
    package var lastCheckedAt: Date?
    /// What the last look found, in words, for the member and the operator.
    package var lastResult: String?
    package var finishedAt: Date?
}

/// Where a DNS challenge is in its life; raw values are stored and shown.
package enum DNSChallengeState: String, Sendable, Hashable, CaseIterable {
    case pending
    case verified
    case refused
    case expired
    /// A newer challenge for the same member and domain took its place.
    case replaced
}

extension DNSChallenge: FetchableRecord {
    static let columns = """
        id, request_id, member_id, domain, record_name, value_sha256, state, created_at, expires_at, \
        next_check_at, checks, last_checked_at, last_result, finished_at
        """

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        requestID = try row.decode(forColumn: "request_id")
        memberID = try row.decode(forColumn: "member_id")
        domain = try row.decode(forColumn: "domain")
        recordName = try row.decode(forColumn: "record_name")
        valueSHA256 = try row.decode(forColumn: "value_sha256")
        state = try row.decodeEnum(DNSChallengeState.self, forColumn: "state")
        createdAt = try row.decode(forColumn: "created_at")
        expiresAt = try row.decode(forColumn: "expires_at")
        nextCheckAt = try row.decode(forColumn: "next_check_at")
        checks = try row.decode(forColumn: "checks")
        lastCheckedAt = try row.decode(forColumn: "last_checked_at")
        lastResult = try row.decode(forColumn: "last_result")
        finishedAt = try row.decode(forColumn: "finished_at")
    }
}
