import Foundation
import Testing
import VouchTestSupport

/// Signed checkpoints of the audit chain's head: what lets anyone who kept one detect a rewrite or a
/// truncation of the registry's history, which the chain alone cannot show.
@Suite struct AuditCheckpointTests {
    @Test func everyCRLRunPublishesASignedCheckpointThatCatchesATruncatedHistory() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let run = try robot.vouch.run(["jobs", "run", "-v", "crl"])
        #expect(run.succeeded && run.output.contains("audit checkpoint"), "\(run.transcript)")
        let audit = robot.vouch.data.appendingPathComponent("audit")
        let latest = audit.appendingPathComponent("latest.json")
        let text = try String(contentsOf: latest, encoding: .utf8)
        let seqLine = text.split(separator: "\n").first { $0.contains("\"seq\"") }
        let seq = try #require(seqLine.map { String($0.filter(\.isNumber)) })
        let kept = audit.appendingPathComponent("checkpoint-\(seq).json")
        #expect(FileManager.default.fileExists(atPath: kept.path))
        // Anyone can check the signature with openssl and the root alone.
        let verified = try ExternalTool.openssl.run(
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", kept.path + ".p7s", "-content", kept.path,
                "-CAfile", robot.ca.appendingPathComponent("root.pem").path, "-purpose", "any", "-out", "/dev/null",
            ],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
        )
        #expect(verified.succeeded, "\(verified.transcript)")
        // A second run with nothing new publishes nothing new.
        #expect(try robot.vouch.run(["jobs", "run", "-v", "crl"]).output.contains("audit checkpoint") == false)

        let copy = try TemporaryDirectory("vouch-checkpoint")
        let keptCopy = try copy.write("kept.json", try String(contentsOf: kept, encoding: .utf8))
        try Data(contentsOf: URL(fileURLWithPath: kept.path + ".p7s")).write(
            to: URL(fileURLWithPath: keptCopy + ".p7s")
        )
        let holds = try robot.vouch.run(["audit", "verify", "--checkpoint", keptCopy])
        #expect(holds.succeeded && holds.output.contains("checkpoint holds"), "\(holds.transcript)")

        // Someone with the database cuts its last rows off: the chain alone still verifies, the
        // checkpoint does not.
        let database = robot.vouch.data.appendingPathComponent("vouch.sqlite").path
        let cut = try ExternalTool.sqlite3.run([
            database,
            "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= \(Int(seq)! - 2);",
        ])
        #expect(cut.succeeded, "\(cut.transcript)")
        #expect(try robot.vouch.run(["audit", "verify"]).succeeded)
        let broken = try robot.vouch.run(["audit", "verify", "--checkpoint", keptCopy])
        #expect(!broken.succeeded && broken.error.contains("cut off its end"), "\(broken.transcript)")

        // A forged checkpoint (the signature no longer matches) is refused as not this CA's.
        try Data(text.replacingOccurrences(of: "\"seq\" : \(seq)", with: "\"seq\" : 1").utf8).write(
            to: URL(fileURLWithPath: keptCopy)
        )
        let forged = try robot.vouch.run(["audit", "verify", "--checkpoint", keptCopy])
        #expect(!forged.succeeded && forged.error.contains("not this CA's"), "\(forged.transcript)")
    }
}
