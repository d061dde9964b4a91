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
                                              spki_sha256, der, member_id, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    issuer.id, serial, profile, new.subject, StringList.encode(new.subjectAltNames), new.notBefore,
                    new.notAfter, spki, new.der, new.memberID, clock(),
                ]
            )
            let id = db.lastInsertedRowID
            var details = [
                "issuer": issuer.name, "serial": serial, "profile": profile, "subject": new.subject,
                "spkiSHA256": spki, "member": new.memberID.map { "\($0)" } ?? "",
            ]
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
