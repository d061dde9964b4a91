import Foundation
import GRDB

/// A DNS domain claimed by a member; verified through a probe to one of the BR 3.2.2.4.4
/// constructed addresses, recorded in `contact` because the validation method must be auditable.
package struct Domain: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var memberID: Int64
    package var addedAt: Date
    package var verifiedAt: Date?
    package var verificationMethod: String?
    /// The address the probe went to, e.g. `hostmaster@example.org`.
    package var contact: String?
}

extension Domain: FetchableRecord {
    static let columns = "id, name, member_id, added_at, verified_at, verification_method, contact"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        name = try row.decode(forColumn: "name")
        memberID = try row.decode(forColumn: "member_id")
        addedAt = try row.decode(forColumn: "added_at")
        verifiedAt = try row.decode(forColumn: "verified_at")
        verificationMethod = try row.decode(forColumn: "verification_method")
        contact = try row.decode(forColumn: "contact")
    }
}
