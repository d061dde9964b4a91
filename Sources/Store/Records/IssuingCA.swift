import Foundation
import GRDB

/// A CA certificate Vouch signs with. The private key stays in a file (possibly absent when the
/// key is offline); the database only knows where to look.
package struct IssuingCA: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var purpose: CARole
    package var certificateDER: Data
    package var keyPath: String
    package var createdAt: Date
}

extension IssuingCA: FetchableRecord {
    static let columns = "id, name, purpose, certificate_der, key_path, created_at"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        name = try row.decode(forColumn: "name")
        purpose = try row.decodeEnum(CARole.self, forColumn: "purpose")
        certificateDER = try row.decode(forColumn: "certificate_der")
        keyPath = try row.decode(forColumn: "key_path")
        createdAt = try row.decode(forColumn: "created_at")
    }
}
