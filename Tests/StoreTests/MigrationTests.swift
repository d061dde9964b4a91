import Foundation
import GRDB
import Testing

@testable import Store

@Suite("Migrations")
struct MigrationTests {
    @Test func runFromAnEmptyFile() throws {
        let database = try TestDatabase()
        #expect(try database.store.appliedMigrations() == Migrations.identifiers.sorted())
        let tables = try SQLiteShell.run(
            database.path,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name;"
        )
        #expect(
            tables.split(separator: "\n").map(String.init) == [
                "assurances", "audit_log", "blocked_keys", "bundle_releases", "bundle_signers", "certificates",
                "challenge_attempts", "crl_numbers", "crl_shards", "dns_challenges", "domains", "emails",
                "expiry_notices",
                "issuing_cas", "job_runs", "mail_queue", "members", "probe_requests", "probes", "requests",
                "retired_cas",
                "signed_messages",
            ]
        )
    }

    /// An upgrade is on the record: a file from before the last migration gets it on opening, and
    /// the audit chain gains one row naming it, still verifying; a new file's creation adds none.
    @Test func anUpgradeIsRecordedInTheAuditLog() throws {
        let database = try TestDatabase()
        #expect(try database.store.verifyAuditChain() == .ok(rows: 0))
        _ = try SQLiteShell.run(
            database.path,
            """
            DROP INDEX challenge_attempts_token;
            ALTER TABLE challenge_attempts DROP COLUMN token_sha256;
            ALTER TABLE challenge_attempts DROP COLUMN expires_at;
            DELETE FROM grdb_migrations WHERE identifier = 'wot-1-challenge-tokens';
            """
        )
        let upgraded = try database.reopen()
        #expect(try upgraded.appliedMigrations() == Migrations.identifiers.sorted())
        #expect(try upgraded.verifyAuditChain() == .ok(rows: 1))
        let entry = try #require(try upgraded.latestAuditEntry())
        #expect(entry.action == "schema.migrate")
        #expect(entry.subject == "migration:wot-1-challenge-tokens")
        _ = try database.reopen()
        #expect(try upgraded.verifyAuditChain() == .ok(rows: 1))
    }

    @Test func secondRunChangesNothing() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let schemaBefore = try SQLiteShell.run(database.path, "SELECT sql FROM sqlite_master ORDER BY name;")
        try database.store.migrate()
        let reopened = try database.reopen()
        try reopened.migrate()
        #expect(try SQLiteShell.run(database.path, "SELECT sql FROM sqlite_master ORDER BY name;") == schemaBefore)
        #expect(try reopened.member(id: alice.id) == alice)
        #expect(try reopened.appliedMigrations() == Migrations.identifiers.sorted())
        #expect(try reopened.verifyAuditChain() == .ok(rows: 1))
    }

    @Test func fileIsInWALModeWithForeignKeysEnforced() throws {
        let database = try TestDatabase()
        #expect(try SQLiteShell.run(database.path, "PRAGMA journal_mode;") == "wal")
        let foreignKeys = try database.store.read { db in
            try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
        }
        #expect(foreignKeys == 1)
    }
}

@Suite struct DatabaseFileModeTests {
    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    @Test func theDatabaseAndItsWALFilesAreOwnerOnlyWhateverTheUmask() throws {
        let database = try TestDatabase()
        _ = try database.member("Walter")
        for suffix in ["", "-wal", "-shm"] {
            #expect(try mode(database.path + suffix) == 0o600, "vouch.sqlite\(suffix)")
        }
    }

    @Test func aWiderFileFromAnEarlierVersionIsNarrowedOnOpen() throws {
        let database = try TestDatabase()
        chmod(database.path, 0o644)
        _ = try database.reopen()
        #expect(try mode(database.path) == 0o600)
    }
}
