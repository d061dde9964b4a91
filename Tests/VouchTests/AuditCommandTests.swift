import Foundation
import Testing
import VouchTestSupport

/// `vouch audit verify` on the demo's database, and on copies tampered with through the sqlite3 shell.
@Suite struct AuditCommandTests {
    let demo = DemoRun.shared

    @Test func untouchedChainVerifies() throws {
        let result = try demo.vouch.run(["audit", "verify"])
        #expect(result.succeeded && result.output.contains("audit chain intact"), "\(result.transcript)")
    }

    /// A copy of the demo's data directory whose audit log `sql` has changed (triggers dropped first,
    /// as an attacker with the shell would).
    private func tampered(_ sql: String) throws -> (TemporaryDirectory, VouchCLI) {
        let copy = try TemporaryDirectory("vouch-tamper")
        let data = copy.file("var")
        try FileManager.default.copyItem(at: demo.data, to: data)
        let result = try ExternalTool.sqlite3.run([
            data.appendingPathComponent("vouch.sqlite").path,
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \(sql)",
        ])
        #expect(result.succeeded, "\(result.transcript)")
        return (copy, VouchCLI(data: data))
    }

    @Test(arguments: [
        ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 12", "row 12", "edited"),
        ("DELETE FROM audit_log WHERE seq = 9", "row 10", "deleted"),
        (
            "UPDATE audit_log SET seq = -seq WHERE seq >= 7; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0; "
                + "INSERT INTO audit_log SELECT 7, time, actor, 'member.add', subject, details, prev_hash, hash FROM audit_log WHERE seq = 6",
            "row 7", "inserted"
        ),
        (
            "UPDATE audit_log SET seq = -1 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = -1",
            "row 6", ""
        ),
    ])
    func tamperingIsFoundAndNamed(sql: String, row: String, kind: String) throws {
        let (copy, vouch) = try tampered(sql)
        let result = try vouch.run(["audit", "verify"])
        #expect(result.status != 0, "\(result.transcript)")
        #expect(result.error.contains("broken at \(row)"), "\(result.transcript)")
        if !kind.isEmpty { #expect(result.error.contains(kind), "\(result.transcript)") }
        _ = copy
    }
}

/// A registry changed behind Vouch's back stops the signing of CRLs instead of producing a wrong one.
@Suite struct CorruptRegistryTests {
    let demo = DemoRun.shared

    @Test func aMangledRevocationReasonStopsTheCRLJob() throws {
        let copy = try TemporaryDirectory("vouch-corrupt")
        let data = copy.file("var")
        try FileManager.default.copyItem(at: demo.data, to: data)
        // The reason is mangled and the revocation made recent, so its shard is due.
        let mangled = try ExternalTool.sqlite3.run([
            data.appendingPathComponent("vouch.sqlite").path,
            "UPDATE certificates SET revocation_reason = 'whoops', revoked_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '+1 minute') WHERE revoked_at IS NOT NULL; SELECT crl_shard FROM certificates WHERE revoked_at IS NOT NULL",
        ])
        #expect(mangled.succeeded, "\(mangled.transcript)")
        let shard = try #require(mangled.output.split(separator: "\n").first)
        let crl = data.appendingPathComponent("crl/smime/\(shard).crl")
        let before = try Data(contentsOf: crl)
        let run = try VouchCLI(data: data).run([
            "jobs", "run", "crl", "--passphrase-file", data.appendingPathComponent("passphrase").path,
        ])
        #expect(
            run.status != 0 && run.output.contains("crl: FAILED") && run.output.contains("unknown reason 'whoops'"),
            "\(run.transcript)"
        )
        #expect(try Data(contentsOf: crl) == before)
    }
}
