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
    /// The robot request that asked for it, if one did: a rerun of the CSR job finds its work here.
    package var requestID: Int64?
    /// The CRL shard that lists it once revoked, fixed at issuance and named in its CDP; nil for a
    /// certificate issued before CRLs were sharded (listed on its CA's single CRL).
    package var crlShard: Int?
    /// Set when a reserved serial was never signed (a crash in between): the serial is burnt, never
    /// reused, and the request gets a fresh one.
    package var abandonedAt: Date?
    /// What the pre-signing lint found ("ok", or the findings).
    package var lint: String?
}

extension CertificateRecord: FetchableRecord {
    static let columns = """
        id, issuer_id, serial_hex, profile, subject, sans, not_before, not_after, spki_sha256, der, \
        member_id, recorded_at, revoked_at, revocation_reason, request_id, crl_shard, abandoned_at, lint
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
        requestID = try row.decode(forColumn: "request_id")
        crlShard = try row.decode(forColumn: "crl_shard")
        abandonedAt = try row.decode(forColumn: "abandoned_at")
        lint = try row.decode(forColumn: "lint")
    }
}
