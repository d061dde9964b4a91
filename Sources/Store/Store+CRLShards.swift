import Foundation
import GRDB

/// The last signature of one CRL shard: what the CRL job compares with revocations and the clock.
package struct CRLShardState: Sendable, Hashable {
    /// The `shard` of a CA's one CRL when it is not sharded (the root's ARL, CRLs from before
    /// sharding).
    package static let unsharded = -1

    package var issuerID: Int64
    package var shard: Int
    package var number: Int64
    package var thisUpdate: Date
    package var nextUpdate: Date
    package var entries: Int
    package var sha256: String

    package init(
        issuerID: Int64,
        shard: Int,
        number: Int64,
        thisUpdate: Date,
        nextUpdate: Date,
        entries: Int,
        sha256: String
    ) {
        self.issuerID = issuerID
        self.shard = shard
        self.number = number
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.entries = entries
        self.sha256 = sha256
    }
}

extension CRLShardState {
    /// How long this CRL is valid: thisUpdate to nextUpdate.
    package var validity: TimeInterval { nextUpdate.timeIntervalSince(thisUpdate) }
}

extension CRLShardState: FetchableRecord {
    static let columns = "issuer_id, shard, number, this_update, next_update, entries, sha256"

    package init(row: Row) throws {
        issuerID = try row.decode(forColumn: "issuer_id")
        shard = try row.decode(forColumn: "shard")
        number = try row.decode(forColumn: "number")
        thisUpdate = try row.decode(forColumn: "this_update")
        nextUpdate = try row.decode(forColumn: "next_update")
        entries = try row.decode(forColumn: "entries")
        sha256 = try row.decode(forColumn: "sha256")
    }
}

extension Store {
    /// Records a shard's new signature, in the audit chain too, before the file is published.
    package func recordCRLShard(_ state: CRLShardState, caName: String) throws {
        try write { db in
            _ = try Self.requireIssuer(db, id: state.issuerID)
            try db.execute(
                sql: """
                    INSERT INTO crl_shards (issuer_id, shard, number, this_update, next_update, entries, sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (issuer_id, shard) DO UPDATE SET number = excluded.number,
                        this_update = excluded.this_update, next_update = excluded.next_update,
                        entries = excluded.entries, sha256 = excluded.sha256
                    """,
                arguments: [
                    state.issuerID, state.shard, state.number, state.thisUpdate, state.nextUpdate, state.entries,
                    state.sha256,
                ]
            )
            try audit(
                db,
                "crl.sign",
                "ca:\(caName)/\(state.shard)",
                [
                    "number": String(state.number), "entries": String(state.entries), "sha256": state.sha256,
                    "nextUpdate": ISO8601DateFormatter().string(from: state.nextUpdate),
                ]
            )
        }
    }

    /// Every shard's last signature for one issuer, by shard.
    package func crlShards(issuer issuerID: Int64) throws -> [CRLShardState] {
        try read { db in
            try CRLShardState.fetchAll(try db.cachedStatement(sql: Queries.crlShardsForIssuer), arguments: [issuerID])
        }
    }
}
