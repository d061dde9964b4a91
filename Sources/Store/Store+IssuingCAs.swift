import Foundation
import GRDB

extension Store {
    /// Registers a CA certificate and where its (possibly offline) key lives.
    @discardableResult
    package func addIssuingCA(
        name: String,
        purpose: CARole,
        certificateDER: Data,
        keyPath: String
    ) throws -> IssuingCA {
        let name = try InputCheck.text(name, field: "CA name")
        guard !certificateDER.isEmpty else {
            throw StoreError(.malformedInput, "the certificate of CA \(name) is empty")
        }
        return try write { db in
            if try IssuingCA.fetchOne(try db.cachedStatement(sql: Queries.issuingCAByName), arguments: [name]) != nil {
                throw StoreError(.duplicateIssuer, "a CA named \(name) already exists; CA names are unique")
            }
            try db.execute(
                sql: """
                    INSERT INTO issuing_cas (name, purpose, certificate_der, key_path, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [name, purpose.rawValue, certificateDER, keyPath, clock()]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "ca.add",
                "ca:\(id)",
                ["name": name, "purpose": purpose.rawValue, "certificateSHA256": SHA256.hexDigest(certificateDER)]
            )
            return try Self.requireIssuer(db, id: id)
        }
    }

    package func issuingCA(id: Int64) throws -> IssuingCA? {
        try read { db in try IssuingCA.fetchOne(try db.cachedStatement(sql: Queries.issuingCAByID), arguments: [id]) }
    }

    package func issuingCA(named name: String) throws -> IssuingCA? {
        try read { db in try IssuingCA.fetchOne(try db.cachedStatement(sql: Queries.issuingCAByName), arguments: [name])
        }
    }

    /// The CAs for one purpose, oldest first (the newest is usually the one to issue from).
    package func issuingCAs(purpose: CARole) throws -> [IssuingCA] {
        try read { db in
            try IssuingCA.fetchAll(
                try db.cachedStatement(sql: Queries.issuingCAsByPurpose),
                arguments: [purpose.rawValue]
            )
        }
    }

    /// All CAs; a handful of rows, so an array is fine here.
    package func issuingCAs() throws -> [IssuingCA] {
        try read { db in try IssuingCA.fetchAll(try db.cachedStatement(sql: Queries.allIssuingCAs)) }
    }

    static func requireIssuer(_ db: Database, id: Int64) throws -> IssuingCA {
        guard let issuer = try IssuingCA.fetchOne(try db.cachedStatement(sql: Queries.issuingCAByID), arguments: [id])
        else {
            throw StoreError(.unknownIssuer, "no issuing CA has id \(id)")
        }
        return issuer
    }
}
