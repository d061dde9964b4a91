import GRDB

extension Store {
    /// The next CRL number for `issuer`, starting at 1. One upsert in an immediate transaction,
    /// so two concurrent CRL runs can never get the same number (RFC 5280 §5.2.3 requires them to
    /// increase strictly).
    package func nextCRLNumber(issuer issuerID: Int64) throws -> Int64 {
        try write { db in
            _ = try Self.requireIssuer(db, id: issuerID)
            guard
                let number = try Int64.fetchOne(
                    try db.cachedStatement(sql: Queries.nextCRLNumber),
                    arguments: [issuerID]
                )
            else {
                throw StoreError(.database, "the CRL number for issuer \(issuerID) was not returned")
            }
            try audit(db, "crl.number", "ca:\(issuerID)", ["number": "\(number)"])
            return number
        }
    }

    /// The last number handed out, or nil before the first CRL.
    package func currentCRLNumber(issuer issuerID: Int64) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(try db.cachedStatement(sql: Queries.currentCRLNumber), arguments: [issuerID])
        }
    }
}
