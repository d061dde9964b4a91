import Foundation
import GRDB

/// An email address claimed by a member; `verifiedAt` is set once a probe to it was answered.
package struct EmailAddress: Sendable, Hashable {
    package var id: Int64
    package var address: String
    package var memberID: Int64
    package var addedAt: Date
    package var verifiedAt: Date?
    /// How control was shown, e.g. `probe-reply` or `smime-signature`.
    package var verificationMethod: String?
}

extension EmailAddress: FetchableRecord {
    static let columns = "id, address, member_id, added_at, verified_at, verification_method"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        address = try row.decode(forColumn: "address")
        memberID = try row.decode(forColumn: "member_id")
        addedAt = try row.decode(forColumn: "added_at")
        verifiedAt = try row.decode(forColumn: "verified_at")
        verificationMethod = try row.decode(forColumn: "verification_method")
    }
}
