import Foundation
import GRDB

/// An issued (or, while `der` is nil, reserved) certificate. The serial is recorded before
/// signing so that a crash between the two can never reuse it.
package struct CertificateRecord: Sendable, Hashable {
    package var id: Int64
    package var issuerID: Int64
    /// Lower-case hex without leading separators; unique per issuer (RFC 5280 §4.1.2.2).
    package var serialHex: String
    package var profile: String
    package var subject: String
    package var subjectAltNames: [String]
    package var notBefore: Date
    package var notAfter: Date
    /// SHA-256 of the SubjectPublicKeyInfo, lower-case hex: finds reuse of a compromised key.
    package var spkiSHA256: String
    package var der: Data?
    /// Nil for certificates not tied to a member (CA and OCSP-responder certificates).
    package var memberID: Int64?
    package var recordedAt: Date
    package var revokedAt: Date?
    package var revocationReason: String?
}

extension CertificateRecord: FetchableRecord {
    static let columns = """
        id, issuer_id, serial_hex, profile, subject, sans, not_before, not_after, spki_sha256, der, \
        member_id, recorded_at, revoked_at, revocation_reason
        """

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        issuerID = try row.decode(forColumn: "issuer_id")
        serialHex = try row.decode(forColumn: "serial_hex")
        profile = try row.decode(forColumn: "profile")
        subject = try row.decode(forColumn: "subject")
        subjectAltNames = try row.decodeStringList(forColumn: "sans")
        notBefore = try row.decode(forColumn: "not_before")
        notAfter = try row.decode(forColumn: "not_after")
        spkiSHA256 = try row.decode(forColumn: "spki_sha256")
        der = try row.decode(forColumn: "der")
        memberID = try row.decode(forColumn: "member_id")
        recordedAt = try row.decode(forColumn: "recorded_at")
        revokedAt = try row.decode(forColumn: "revoked_at")
        revocationReason = try row.decode(forColumn: "revocation_reason")
    }
}
