import Foundation
import GRDB

/// Root bundles: retired CAs, the bundle-signing certificate, and the releases published so far.
extension Store {
    /// Takes a CA out of the trust stores, for `reason`, once.
    @discardableResult
    package func retireCA(named name: String, reason: String) throws -> RetiredCA {
        let reason = try InputCheck.text(reason, field: "retirement reason")
        return try write { db in
            guard
                let ca = try IssuingCA.fetchOne(try db.cachedStatement(sql: Queries.issuingCAByName), arguments: [name])
            else { throw StoreError(.unknownIssuer, "there is no CA named \(name)") }
            if try RetiredCA.fetchOne(try db.cachedStatement(sql: Queries.retiredCAByID), arguments: [ca.id]) != nil {
                throw StoreError(.alreadyRetired, "the \(name) CA is already retired")
            }
            try db.execute(
                sql: "INSERT INTO retired_cas (ca_id, reason, retired_at) VALUES (?, ?, ?)",
                arguments: [ca.id, reason, clock()]
            )
            try audit(db, "ca.retire", "ca:\(ca.id)", ["name": name, "reason": reason])
            guard
                let retired = try RetiredCA.fetchOne(
                    try db.cachedStatement(sql: Queries.retiredCAByID),
                    arguments: [ca.id]
                )
            else { throw StoreError(.database, "the retirement of \(name) vanished while being recorded") }
            return retired
        }
    }

    /// Every retired CA, by CA id (a handful of rows).
    package func retiredCAs() throws -> [RetiredCA] {
        try read { db in try RetiredCA.fetchAll(try db.cachedStatement(sql: Queries.allRetiredCAs)) }
    }

    /// Records the serial of a bundle-signing certificate about to be signed.
    package func reserveBundleSigner(serialHex: String, keyPath: String) throws -> BundleSigner {
        let serial = try InputCheck.hex(serialHex, field: "serial")
        let keyPath = try InputCheck.text(keyPath, field: "key path")
        return try write { db in
            if try BundleSigner.fetchOne(try db.cachedStatement(sql: Queries.bundleSignerBySerial), arguments: [serial])
                != nil
            {
                throw StoreError(.duplicateSerial, "serial \(serial) is already recorded for a bundle signer")
            }
            try db.execute(
                sql: "INSERT INTO bundle_signers (serial_hex, key_path, created_at) VALUES (?, ?, ?)",
                arguments: [serial, keyPath, clock()]
            )
            let id = db.lastInsertedRowID
            try audit(db, "bundle-signer.reserve", "bundle-signer:\(id)", ["serial": serial])
            return try Self.requireBundleSigner(db, id: id)
        }
    }

    /// Stores the signed certificate of a reserved bundle signer; it becomes the current one.
    @discardableResult
    package func completeBundleSigner(id: Int64, certificateDER: Data) throws -> BundleSigner {
        guard !certificateDER.isEmpty else {
            throw StoreError(.malformedInput, "the bundle signer certificate is empty")
        }
        return try write { db in
            let signer = try Self.requireBundleSigner(db, id: id)
            guard signer.certificateDER == nil else {
                throw StoreError(.invalidTransition, "bundle signer \(id) already has its certificate")
            }
            try db.execute(
                sql: "UPDATE bundle_signers SET certificate_der = ? WHERE id = ?",
                arguments: [certificateDER, id]
            )
            try audit(
                db,
                "bundle-signer.add",
                "bundle-signer:\(id)",
                ["serial": signer.serialHex, "certificateSHA256": SHA256.hexDigest(certificateDER)]
            )
            return try Self.requireBundleSigner(db, id: id)
        }
    }

    /// The newest bundle signer with a certificate, if any.
    package func currentBundleSigner() throws -> BundleSigner? {
        try read { db in try BundleSigner.fetchOne(try db.cachedStatement(sql: Queries.currentBundleSigner)) }
    }

    /// What a new release records.
    package struct NewBundleRelease: Sendable {
        package var version: String
        package var releasedAt: Date
        package var inputs: String
        package var changes: String
        package var tarballSHA256: String

        package init(version: String, releasedAt: Date, inputs: String, changes: String, tarballSHA256: String) {
            self.version = version
            self.releasedAt = releasedAt
            self.inputs = inputs
            self.changes = changes
            self.tarballSHA256 = tarballSHA256
        }
    }

    /// Records a release whose files are in place.
    @discardableResult
    package func recordBundleRelease(_ release: NewBundleRelease) throws -> BundleRelease {
        let version = try InputCheck.text(release.version, field: "release version")
        let tarball = try InputCheck.hex(release.tarballSHA256, field: "tarball SHA-256", count: 64)
        let inputsDigest = SHA256.hexDigest(Data(release.inputs.utf8))
        return try write { db in
            if try BundleRelease.fetchOne(
                try db.cachedStatement(sql: Queries.bundleReleaseByVersion),
                arguments: [version]
            )
                != nil
            {
                throw StoreError(.duplicateRelease, "release \(version) is already recorded")
            }
            try db.execute(
                sql: """
                    INSERT INTO bundle_releases
                        (version, released_at, inputs, inputs_sha256, changes, tarball_sha256, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    version, release.releasedAt, release.inputs, inputsDigest, release.changes, tarball, clock(),
                ]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "bundles.release",
                "bundle-release:\(id)",
                ["version": version, "inputsSHA256": inputsDigest, "tarballSHA256": tarball]
            )
            guard
                let recorded = try BundleRelease.fetchOne(
                    try db.cachedStatement(sql: Queries.bundleReleaseByVersion),
                    arguments: [version]
                )
            else { throw StoreError(.database, "release \(version) vanished while being recorded") }
            return recorded
        }
    }

    /// Every release, oldest first (one a change of the CA set: a short list).
    package func bundleReleases() throws -> [BundleRelease] {
        try read { db in try BundleRelease.fetchAll(try db.cachedStatement(sql: Queries.allBundleReleases)) }
    }

    /// The newest release, if any.
    package func latestBundleRelease() throws -> BundleRelease? {
        try read { db in try BundleRelease.fetchOne(try db.cachedStatement(sql: Queries.latestBundleRelease)) }
    }

    static func requireBundleSigner(_ db: Database, id: Int64) throws -> BundleSigner {
        guard
            let signer = try BundleSigner.fetchOne(
                try db.cachedStatement(sql: Queries.bundleSignerByID),
                arguments: [id]
            )
        else { throw StoreError(.unknownBundleSigner, "no bundle signer has id \(id)") }
        return signer
    }
}

extension Queries {
    static let retiredCAByID = "SELECT \(RetiredCA.columns) FROM retired_cas WHERE ca_id = ?"
    static let allRetiredCAs = "SELECT \(RetiredCA.columns) FROM retired_cas ORDER BY ca_id"
    static let bundleSignerByID = "SELECT \(BundleSigner.columns) FROM bundle_signers WHERE id = ?"
    static let bundleSignerBySerial = "SELECT \(BundleSigner.columns) FROM bundle_signers WHERE serial_hex = ?"
    static let currentBundleSigner = """
        SELECT \(BundleSigner.columns) FROM bundle_signers WHERE certificate_der IS NOT NULL ORDER BY id DESC LIMIT 1
        """
    static let bundleReleaseByVersion = "SELECT \(BundleRelease.columns) FROM bundle_releases WHERE version = ?"
    static let allBundleReleases = "SELECT \(BundleRelease.columns) FROM bundle_releases ORDER BY id"
    static let latestBundleRelease = "SELECT \(BundleRelease.columns) FROM bundle_releases ORDER BY id DESC LIMIT 1"

    /// The bundle queries, for the query-plan checks: all but the point lookups walk tables that
    /// hold one row per CA, signer or release.
    static let bundles: [NamedQuery] = [
        NamedQuery("retireCA(named:reason:)", retiredCAByID),
        NamedQuery("retiredCAs()", allRetiredCAs, scansByDesign: true),
        NamedQuery("requireBundleSigner(_:id:)", bundleSignerByID),
        NamedQuery("reserveBundleSigner(serialHex:keyPath:)", bundleSignerBySerial),
        NamedQuery("currentBundleSigner()", currentBundleSigner, scansByDesign: true),
        NamedQuery("recordBundleRelease(_:)", bundleReleaseByVersion),
        NamedQuery("bundleReleases()", allBundleReleases, scansByDesign: true),
        NamedQuery("latestBundleRelease()", latestBundleRelease, scansByDesign: true),
    ]
}
