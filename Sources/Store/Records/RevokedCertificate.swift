import Foundation
import GRDB

/// The three facts a CRL entry needs (RFC 5280 §5.3), read without the DER so CRL builds stay small.
package struct RevokedCertificate: Sendable, Hashable {
    package var serialHex: String
    package var revokedAt: Date
    package var reason: String?
}

extension RevokedCertificate: FetchableRecord {
    package init(row: Row) throws {
        serialHex = try row.decode(forColumn: "serial_hex")
        revokedAt = try row.decode(forColumn: "revoked_at")
        reason = try row.decode(forColumn: "revocation_reason")
    }
}
