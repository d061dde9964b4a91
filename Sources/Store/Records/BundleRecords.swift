import Foundation
import GRDB

/// A CA taken out of the trust stores (`vouch ca retire`): later root bundles list it as distrusted
/// where the format can say so, and leave it out of the anchors everywhere.
package struct RetiredCA: Sendable, Hashable {
    package var caID: Int64
    package var reason: String
    package var retiredAt: Date
}

extension RetiredCA: FetchableRecord {
    static let columns = "ca_id, reason, retired_at"

    package init(row: Row) throws {
        caID = try row.decode(forColumn: "ca_id")
        reason = try row.decode(forColumn: "reason")
        retiredAt = try row.decode(forColumn: "retired_at")
    }
}

/// The certificate that signs root-bundle releases, issued by the root. Its serial is recorded
/// before it is signed, so `certificateDER` is nil only for a signing that never finished.
package struct BundleSigner: Sendable, Hashable {
    package var id: Int64
    package var serialHex: String
    package var certificateDER: Data?
    /// The key's file name under `keys/` (encrypted like the issuing CA keys).
    package var keyPath: String
    package var createdAt: Date
}

extension BundleSigner: FetchableRecord {
    static let columns = "id, serial_hex, certificate_der, key_path, created_at"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        serialHex = try row.decode(forColumn: "serial_hex")
        certificateDER = try row.decode(forColumn: "certificate_der")
        keyPath = try row.decode(forColumn: "key_path")
        createdAt = try row.decode(forColumn: "created_at")
    }
}

/// A published root-bundle release: what went into it and what changed since the one before.
package struct BundleRelease: Sendable, Hashable {
    package var id: Int64
    /// `vouch-roots-YYYYMMDD`, `.N` for a further release on the same day.
    package var version: String
    /// The release's own time (SOURCE_DATE_EPOCH when set): what its files and tarball carry.
    package var releasedAt: Date
    /// The canonical description of the CA set and its trust, one line per CA.
    package var inputs: String
    package var inputsSHA256: String
    /// This release's entry of the CHANGES file.
    package var changes: String
    package var tarballSHA256: String
    package var recordedAt: Date
}

extension BundleRelease: FetchableRecord {
    static let columns = """
        id, version, released_at, inputs, inputs_sha256, changes, tarball_sha256, recorded_at
        """

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        version = try row.decode(forColumn: "version")
        releasedAt = try row.decode(forColumn: "released_at")
        inputs = try row.decode(forColumn: "inputs")
        inputsSHA256 = try row.decode(forColumn: "inputs_sha256")
        changes = try row.decode(forColumn: "changes")
        tarballSHA256 = try row.decode(forColumn: "tarball_sha256")
        recordedAt = try row.decode(forColumn: "recorded_at")
    }
}
