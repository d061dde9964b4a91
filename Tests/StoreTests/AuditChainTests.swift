import Foundation
import Testing

@testable import Store

@Suite("Audit chain")
struct AuditChainTests {
    /// A database whose audit log holds six rows (seq 1…6).
    private func sixRowChain() throws -> TestDatabase {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        try database.store.addEmail("alice@work.example", member: alice.id)
        try database.store.verifyEmail("alice@work.example", method: "probe-reply")
        try database.store.recordAssurance(
            assurer: alice.id,
            assuree: bob.id,
            points: 10,
            meetingDate: "2025-06-01",
            location: "Berlin",
            method: .faceToFace,
            documents: "passport",
            capSigned: true
        )
        try database.store.appendAudit(action: "crl.sign", subject: "ca:1", details: ["number": "1"])
        #expect(try database.store.verifyAuditChain() == .ok(rows: 6))
        return database
    }

    private func brokenAt(_ database: TestDatabase) throws -> AuditBreak? {
        guard case .broken(let auditBreak) = try database.store.verifyAuditChain() else { return nil }
        return auditBreak
    }

    @Test func everyChangeIsAuditedAndTheUntouchedChainVerifies() throws {
        let database = try sixRowChain()
        var actions: [String] = []
        try database.store.forEachAuditEntry { actions.append($0.action) }
        #expect(actions == ["member.add", "member.add", "email.add", "email.verify", "assurance.record", "crl.sign"])
        let head = try #require(try database.store.latestAuditEntry())
        #expect(head.seq == 6 && head.actor == "test" && head.hash == head.computedHash)
        #expect(head.details == #"{"number":"1"}"#)
    }

    @Test func theAuditTableRefusesOrdinaryEdits() throws {
        let database = try sixRowChain()
        #expect(throws: SQLiteShell.Failure.self) {
            try SQLiteShell.run(database.path, "UPDATE audit_log SET actor = 'x' WHERE seq = 2;")
        }
        #expect(throws: SQLiteShell.Failure.self) {
            try SQLiteShell.run(database.path, "DELETE FROM audit_log WHERE seq = 2;")
        }
        #expect(try database.store.verifyAuditChain() == .ok(rows: 6))
    }

    @Test(arguments: [
        "UPDATE audit_log SET details = '{\"name\":\"Mallory\"}' WHERE seq = 3;",
        "UPDATE audit_log SET actor = 'operator' WHERE seq = 3;",
        "UPDATE audit_log SET time = '2001-01-01 00:00:00.000' WHERE seq = 3;",
        "UPDATE audit_log SET prev_hash = '\(String(repeating: "1", count: 64))' WHERE seq = 3;",
        "UPDATE audit_log SET details = 42 WHERE seq = 3;",
    ])
    func anEditNamesTheEditedRow(edit: String) throws {
        let database = try sixRowChain()
        try SQLiteShell.run(database.path, "DROP TRIGGER audit_log_no_update;\n" + edit)
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .edited)
        #expect(found.seq == 3)
    }

    @Test func aDeletionNamesTheGap() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(database.path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;")
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .deleted)
        #expect(found.seq == 4)
        #expect(found.explanation.contains("rows 3…3 are missing"))
    }

    @Test func deletingTheFirstRowIsCaught() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(database.path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 1;")
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .deleted && found.seq == 2)
    }

    /// The forger shifts the later rows up and slips a row in at 3, linking it to row 2.
    @Test func anInsertionInTheMiddleNamesTheNewRow() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(
            database.path,
            """
            DROP TRIGGER audit_log_no_update;
            UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3;
            UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1003;
            INSERT INTO audit_log (seq, time, actor, action, subject, details, prev_hash, hash)
            SELECT 3, '2025-06-01 10:00:00.000', 'operator', 'member.block', 'member:2', '{}', hash,
                   '\(String(repeating: "e", count: 64))'
            FROM audit_log WHERE seq = 2;
            """
        )
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .inserted)
        #expect(found.seq == 3)
    }

    @Test func anAppendedForgeryNamesTheNewRow() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(
            database.path,
            """
            INSERT INTO audit_log (seq, time, actor, action, subject, details, prev_hash, hash)
            SELECT 7, time, actor, 'certificate.issue', 'certificate:9', '{}', '\(String(repeating: "f", count: 64))',
                   hash
            FROM audit_log WHERE seq = 6;
            """
        )
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .inserted)
        #expect(found.seq == 7)
    }

    @Test func swappingTwoRowsNamesTheFirstOutOfPlace() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(
            database.path,
            """
            DROP TRIGGER audit_log_no_update;
            UPDATE audit_log SET seq = -1 WHERE seq = 3;
            UPDATE audit_log SET seq = 3 WHERE seq = 4;
            UPDATE audit_log SET seq = 4 WHERE seq = -1;
            """
        )
        let found = try #require(try brokenAt(database))
        #expect(found.kind == .reordered)
        #expect(found.seq == 3)
        #expect(found.explanation.contains("row 4"))
    }

    /// Fail closed: when the audit row cannot be written, the change it would record is undone.
    @Test func aFailedAuditWriteLeavesTheChangeUnmade() throws {
        let database = try sixRowChain()
        try SQLiteShell.run(
            database.path,
            """
            CREATE TRIGGER audit_log_full BEFORE INSERT ON audit_log
            BEGIN SELECT RAISE(ABORT, 'disk full'); END;
            """
        )
        let error = try #require(throws: StoreError.self) {
            try database.store.addMember(name: "Carol", dateOfBirth: "1985-05-05", primaryEmail: "carol@example.org")
        }
        #expect(error.code == .auditWriteFailed)
        #expect(error.reason.contains("disk full"))
        #expect(try database.store.member(byEmail: "carol@example.org") == nil)
        let bob = try #require(try database.store.member(byEmail: "bob@example.org"))
        #expect(throws: StoreError.self) { try database.store.setBlocked(member: bob.id, true, reason: "test") }
        #expect(try database.store.member(id: bob.id)?.blocked == false)
        #expect(try SQLiteShell.run(database.path, "SELECT count(*) FROM members;") == "2")

        try SQLiteShell.run(database.path, "DROP TRIGGER audit_log_full;")
        try database.store.addMember(name: "Carol", dateOfBirth: "1985-05-05", primaryEmail: "carol@example.org")
        #expect(try database.store.verifyAuditChain() == .ok(rows: 7))
    }

    /// Length prefixes keep field boundaries: moving a character from one field to the next
    /// changes the hash.
    @Test func encodingIsUnambiguous() {
        let first = AuditChain.hash(
            seq: 1,
            time: "t",
            actor: "ab",
            action: "c",
            subject: "s",
            details: "{}",
            prevHash: AuditChain.genesisHash
        )
        let second = AuditChain.hash(
            seq: 1,
            time: "t",
            actor: "a",
            action: "bc",
            subject: "s",
            details: "{}",
            prevHash: AuditChain.genesisHash
        )
        #expect(first != second)
    }

    @Test func anEmptyLogVerifies() throws {
        let database = try TestDatabase()
        #expect(try database.store.verifyAuditChain() == .ok(rows: 0))
        #expect(try database.store.latestAuditEntry() == nil)
    }
}
