import Foundation
import GRDB

/// One assurer's statement about one assuree. At most one per ordered pair (Assurance Policy
/// §4.3); a revoked assurance stays on record so the history can be audited.
package struct Assurance: Sendable, Hashable {
    package var id: Int64
    package var assurerID: Int64
    package var assureeID: Int64
    package var points: Int
    /// `YYYY-MM-DD`, the day of the meeting (not of recording).
    package var meetingDate: String
    package var location: String
    package var method: AssuranceMethod
    /// The identity documents the assurer saw, as they described them.
    package var documents: String
    /// Whether the assuree signed the CAP form, which the assurer must keep.
    package var capSigned: Bool
    package var recordedAt: Date
    package var revokedAt: Date?
    package var revocationReason: String?
}

extension Assurance: FetchableRecord {
    static let columns = """
        id, assurer_id, assuree_id, points, meeting_date, location, method, documents, cap_signed, \
        recorded_at, revoked_at, revocation_reason
        """

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        assurerID = try row.decode(forColumn: "assurer_id")
        assureeID = try row.decode(forColumn: "assuree_id")
        points = try row.decode(forColumn: "points")
        meetingDate = try row.decode(forColumn: "meeting_date")
        location = try row.decode(forColumn: "location")
        method = try row.decodeEnum(AssuranceMethod.self, forColumn: "method")
        documents = try row.decode(forColumn: "documents")
        capSigned = try row.decode(forColumn: "cap_signed")
        recordedAt = try row.decode(forColumn: "recorded_at")
        revokedAt = try row.decode(forColumn: "revoked_at")
        revocationReason = try row.decode(forColumn: "revocation_reason")
    }
}
