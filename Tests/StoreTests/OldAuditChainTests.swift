import Foundation
import Testing
import VouchTestSupport

@testable import Store

/// The audit chain's format outlives the code that hashes it: a chain written by the version that
/// hashed with its own SHA-256 (a registry's first 112 rows: the key ceremony, 49 CRLs, a
/// registration) verifies under OpenSSL's.
@Suite struct OldAuditChainTests {
    static let fixture = RepositoryPaths.root.appendingPathComponent("Tests/StoreTests/Fixtures/audit-chain-v1.sql")

    private func load(_ rows: String) throws -> (TestDatabase, Store) {
        let database = try TestDatabase()
        let loaded = try ExternalTool.sqlite3.run(
            [database.path],
            input: Array(
                "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log;\n\(rows)"
                    .utf8
            )
        )
        #expect(loaded.succeeded, "\(loaded.transcript)")
        return (database, try database.reopen())
    }

    @Test func aChainHashedByTheEarlierImplementationVerifies() throws {
        let rows = try String(contentsOf: Self.fixture, encoding: .utf8)
        let (database, store) = try load(rows)
        defer { _ = database }
        #expect(try store.verifyAuditChain() == .ok(rows: 112))
        #expect(
            try store.latestAuditEntry()?.hash == "2842b460408df4d40ed2ade4fe5b82b115ff5522df430d66f9303d772c9645be"
        )
    }

    @Test func theSameChainWithOneCharacterChangedDoesNot() throws {
        let rows = try String(contentsOf: Self.fixture, encoding: .utf8)
        #expect(rows.contains("'ca.add','ca:2'"))
        let (database, store) = try load(rows.replacingOccurrences(of: "'ca.add','ca:2'", with: "'ca.add','ca:9'"))
        defer { _ = database }
        #expect(try !store.verifyAuditChain().isOK)
    }
}
