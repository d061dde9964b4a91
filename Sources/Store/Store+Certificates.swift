import Foundation
import GRDB

extension Store {
    /// Records a certificate; with `der` nil this reserves the serial before signing, so a crash
    /// between reserving and signing can never hand the same serial out twice.
    @discardableResult
    package func insertCertificate(_ new: NewCertificate) throws -> CertificateRecord {
        let serial = try InputCheck.hex(new.serialHex, field: "serial")
        let spki = try InputCheck.hex(new.spkiSHA256, field: "SPKI SHA-256", count: 64)
        let profile = try InputCheck.text(new.profile, field: "profile")
        guard new.notAfter > new.notBefore else {
            throw StoreError(.malformedInput, "notAfter must be later than notBefore (RFC 5280 §4.1.2.5)")
        }
        return try write { db in
            let issuer = try Self.requireIssuer(db, id: new.issuerID)
            if let memberID = new.memberID {
                _ = try Self.requireMember(db, id: memberID)
            }
            if let requestID = new.requestID {
                _ = try Self.requireRequest(db, id: requestID)
            }
            if try CertificateRecord.fetchOne(
                try db.cachedStatement(sql: Queries.certificateBySerial),
                arguments: [issuer.id, serial]
            )
                != nil
            {
                throw StoreError(
                    .duplicateSerial,
                    "serial \(serial) was already used by \(issuer.name); serials are unique per issuer "
                        + "(RFC 5280 §4.1.2.2)"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO certificates (issuer_id, serial_hex, profile, subject, sans, not_before, not_after,
                                              spki_sha256, der, member_id, recorded_at, request_id, crl_shard, lint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    issuer.id, serial, profile, new.subject, StringList.encode(new.subjectAltNames), new.notBefore,
                    new.notAfter, spki, new.der, new.memberID, clock(), new.requestID, new.crlShard, new.lint,
                ]
            )
            let id = db.lastInsertedRowID
            var details = [
                "issuer": issuer.name, "serial": serial, "profile": profile, "subject": new.subject,
                "spkiSHA256": spki, "member": new.memberID.map { "\($0)" } ?? "",
                "request": new.requestID.map { "\($0)" } ?? "", "crlShard": new.crlShard.map { "\($0)" } ?? "",
                "lint": new.lint ?? "",
            ]
            if let caa = new.caaEvidence { details["caa"] = caa }
            if let der = new.der {
                details["certificateSHA256"] = SHA256.hexDigest(der)
            }
            try audit(db, new.der == nil ? "certificate.reserve" : "certificate.issue", "certificate:\(id)", details)
            return try Self.requireCertificate(db, id: id)
        }
    }

    /// Stores the signed certificate for a reserved serial. Setting the same bytes again is a
    /// no-op (a rerun job); different bytes for a signed serial are refused.
    @discardableResult
    package func attachDER(certificate id: Int64, der: Data) throws -> CertificateRecord {
        guard !der.isEmpty else {
            throw StoreError(.malformedInput, "the certificate DER is empty")
        }
        return try write { db in
            let certificate = try Self.requireCertificate(db, id: id)
            if let existing = certificate.der {
                guard existing == der else {
                    throw StoreError(
                        .duplicateSerial,
                        "certificate \(id) (serial \(certificate.serialHex)) is already signed; a serial is "
                            + "signed once"
                    )
                }
                return certificate
            }
            guard certificate.abandonedAt == nil else {
                throw StoreError(.duplicateSerial, "serial \(certificate.serialHex) was abandoned; it is never signed")
            }
            try db.execute(sql: "UPDATE certificates SET der = ? WHERE id = ?", arguments: [der, id])
            try audit(
                db,
                "certificate.issue",
                "certificate:\(id)",
                ["serial": certificate.serialHex, "certificateSHA256": SHA256.hexDigest(der)]
            )
            return try Self.requireCertificate(db, id: id)
        }
    }

    /// Revokes a certificate; `reason` is an RFC 5280 §5.3.1 reason name (e.g. `keyCompromise`), or nil
    /// when none was stated (the CRL entry then carries no reason code).
    @discardableResult
    package func revokeCertificate(
        issuer issuerID: Int64,
        serialHex: String,
        reason: String?,
        at time: Date? = nil
    ) throws -> CertificateRecord {
        let serial = try InputCheck.hex(serialHex, field: "serial")
        let reason = try reason.map { try InputCheck.text($0, field: "reason") }
        return try write { db in
            let issuer = try Self.requireIssuer(db, id: issuerID)
            guard
                let certificate = try CertificateRecord.fetchOne(
                    try db.cachedStatement(sql: Queries.certificateBySerial),
                    arguments: [issuerID, serial]
                )
            else {
                throw StoreError(.unknownCertificate, "\(issuer.name) issued no certificate with serial \(serial)")
            }
            if let revokedAt = certificate.revokedAt {
                throw StoreError(.alreadyRevoked, "serial \(serial) was already revoked at \(revokedAt)")
            }
            try db.execute(
                sql: "UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE id = ?",
                arguments: [time ?? clock(), reason, certificate.id]
            )
            try audit(
                db,
                "certificate.revoke",
                "certificate:\(certificate.id)",
                ["issuer": issuer.name, "serial": serial, "reason": reason ?? "(none stated)"]
            )
            return try Self.requireCertificate(db, id: certificate.id)
        }
    }

    /// Burns a reserved serial that was never signed (the job stopped between reserving and
    /// recording the signature): the serial is never used, and the request gets a fresh one.
    @discardableResult
    package func abandonReservation(certificate id: Int64, reason: String) throws -> CertificateRecord {
        try write { db in
            let certificate = try Self.requireCertificate(db, id: id)
            guard certificate.der == nil else {
                throw StoreError(.invalidTransition, "certificate \(id) is signed; only a reservation is abandoned")
            }
            if certificate.abandonedAt == nil {
                try db.execute(sql: "UPDATE certificates SET abandoned_at = ? WHERE id = ?", arguments: [clock(), id])
                try audit(
                    db,
                    "certificate.abandon",
                    "certificate:\(id)",
                    ["serial": certificate.serialHex, "reason": reason]
                )
            }
            return try Self.requireCertificate(db, id: id)
        }
    }

    /// The certificates a robot request led to (a reserved, abandoned or signed row each).
    package func certificates(forRequest requestID: Int64) throws -> [CertificateRecord] {
        try read { db in
            try CertificateRecord.fetchAll(
                try db.cachedStatement(sql: Queries.certificatesForRequest),
                arguments: [requestID]
            )
        }
    }

    /// Streams the revoked certificates of one issuer's shard (nil: the certificates from before
    /// sharding) that have not expired by `unexpiredAt`: an entry leaves its shard once the certificate
    /// has expired.
    package func forEachRevokedCertificate(
        issuer issuerID: Int64,
        shard: Int?,
        unexpiredAt: Date,
        _ body: (RevokedCertificate) throws -> Void
    ) throws {
        try readSnapshot { db in
            let cursor =
                try shard.map {
                    try RevokedCertificate.fetchCursor(
                        db,
                        sql: Queries.revokedInShard,
                        arguments: [issuerID, $0, unexpiredAt]
                    )
                }
                ?? RevokedCertificate.fetchCursor(
                    db,
                    sql: Queries.revokedUnsharded,
                    arguments: [issuerID, unexpiredAt]
                )
            while let entry = try cursor.next() {
                try body(entry)
            }
        }
    }

    /// When a certificate of this issuer's shard was last revoked, or nil.
    package func latestRevocation(issuer issuerID: Int64, shard: Int?) throws -> Date? {
        try read { db in
            if let shard {
                return try Date.fetchOne(
                    try db.cachedStatement(sql: Queries.latestRevocationInShard),
                    arguments: [issuerID, shard]
                )
            }
            return try Date.fetchOne(
                try db.cachedStatement(sql: Queries.latestRevocationUnsharded),
                arguments: [issuerID]
            )
        }
    }

    /// Whether the issuer has certificates from before CRLs were sharded (which its single CRL lists).
    package func hasUnshardedCertificates(issuer issuerID: Int64) throws -> Bool {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: Queries.unshardedCertificate), arguments: [issuerID]) != nil
        }
    }

    /// The highest shard any of the issuer's certificates names (shards may have been more once).
    package func highestCRLShard(issuer issuerID: Int64) throws -> Int? {
        try read { db in
            try Int.fetchOne(try db.cachedStatement(sql: Queries.highestShard), arguments: [issuerID])
        }
    }

    /// Streams the signed, unrevoked certificates whose notAfter falls in `start..<end`, soonest first.
    /// `body` may write (record a notice); the walk reads one snapshot.
    package func forEachUnrevokedCertificate(
        expiringFrom start: Date,
        to end: Date,
        _ body: (CertificateRecord) throws -> Void
    ) throws {
        try readSnapshot { db in
            let cursor = try CertificateRecord.fetchCursor(
                db,
                sql: Queries.certificatesExpiring,
                arguments: [start, end]
            )
            while let certificate = try cursor.next() {
                try body(certificate)
            }
        }
    }

    package func certificate(id: Int64) throws -> CertificateRecord? {
        try read { db in
            try CertificateRecord.fetchOne(try db.cachedStatement(sql: Queries.certificateByID), arguments: [id])
        }
    }

    package func certificate(issuer issuerID: Int64, serialHex: String) throws -> CertificateRecord? {
        let serial = try InputCheck.hex(serialHex, field: "serial")
        return try read { db in
            try CertificateRecord.fetchOne(
                try db.cachedStatement(sql: Queries.certificateBySerial),
                arguments: [issuerID, serial]
            )
        }
    }

    /// A member's certificates, oldest first (a member has tens, not millions).
    package func certificates(forMember memberID: Int64) throws -> [CertificateRecord] {
        try read { db in
            try CertificateRecord.fetchAll(
                try db.cachedStatement(sql: Queries.certificatesForMember),
                arguments: [memberID]
            )
        }
    }

    /// Certificates for one public key: a compromised key's other certificates must be revoked too.
    /// Whether a certificate for this key belongs to anyone but `memberID`.
    package func isKeyCertified(spkiSHA256: String, forAnyoneBut memberID: Int64) throws -> Bool {
        let spki = try InputCheck.hex(spkiSHA256, field: "SPKI SHA-256", count: 64)
        return try read { db in
            try Bool.fetchOne(try db.cachedStatement(sql: Queries.spkiOfAnotherMember), arguments: [spki, memberID])
                ?? false
        }
    }

    package func certificates(withSPKI spkiSHA256: String) throws -> [CertificateRecord] {
        let spki = try InputCheck.hex(spkiSHA256, field: "SPKI SHA-256", count: 64)
        return try read { db in
            try CertificateRecord.fetchAll(try db.cachedStatement(sql: Queries.certificatesForSPKI), arguments: [spki])
        }
    }

    /// Streams one issuer's certificates by serial from one snapshot, one row in memory at a time.
    package func forEachCertificate(issuer issuerID: Int64, _ body: (CertificateRecord) throws -> Void) throws {
        try readSnapshot { db in
            let cursor = try CertificateRecord.fetchCursor(
                db,
                sql: Queries.certificatesForIssuer,
                arguments: [issuerID]
            )
            while let certificate = try cursor.next() {
                try body(certificate)
            }
        }
    }

    /// Streams one issuer's revocations (oldest first) for a CRL build, without loading DER.
    package func forEachRevokedCertificate(
        issuer issuerID: Int64,
        _ body: (RevokedCertificate) throws -> Void
    ) throws {
        try readSnapshot { db in
            let cursor = try RevokedCertificate.fetchCursor(db, sql: Queries.revokedForIssuer, arguments: [issuerID])
            while let entry = try cursor.next() {
                try body(entry)
            }
        }
    }

    /// One issuer's revocations as an array; for small CAs and tests. CRL jobs should stream.
    /// When `issuer` last had a certificate revoked, or nil: what tells the CRL job a new CRL is due.
    package func latestRevocation(issuer issuerID: Int64) throws -> Date? {
        try read { db in
            try Date.fetchOne(try db.cachedStatement(sql: Queries.latestRevocationForIssuer), arguments: [issuerID])
        }
    }

    package func revokedCertificates(issuer issuerID: Int64) throws -> [RevokedCertificate] {
        var entries: [RevokedCertificate] = []
        try forEachRevokedCertificate(issuer: issuerID) { entries.append($0) }
        return entries
    }

    static func requireCertificate(_ db: Database, id: Int64) throws -> CertificateRecord {
        guard
            let certificate = try CertificateRecord.fetchOne(
                try db.cachedStatement(sql: Queries.certificateByID),
                arguments: [id]
            )
        else {
            throw StoreError(.unknownCertificate, "no certificate has id \(id)")
        }
        return certificate
    }
}
