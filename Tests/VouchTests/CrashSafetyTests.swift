import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority
@testable import PKI

/// The job runner killed (SIGKILL) at random moments over a queue of CSRs, revocations and
/// confirmations, and run again each time: nothing lost, nothing done twice (issue 8, crash safety).
@Suite(.serialized) struct CrashSafetyTests {
    @Test(.timeLimit(.minutes(10)))
    func killedAtAnyMomentTheRunnerLosesAndRepeatsNothing() throws {
        let robot = try RobotHarness()
        // One member sends over a hundred requests here: the robot's daily limits are raised for her.
        let config = robot.vouch.data.appendingPathComponent("config.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        for (name, value) in [("member_mail_per_day", 60), ("domain_mail_per_day", 100), ("mail_per_day", 5_000)] {
            text = text.replacingOccurrences(of: "\(name) = \(value)\n", with: "\(name) = 100000\n")
        }
        try Data(text.utf8).write(to: config)
        try robot.register("alice@example.org")
        let authority = try robot.authority()
        let alice = try #require(try authority.store.member(byEmail: "alice@example.org"))
        let signingKey = try PrivateKey.generate(.p256)
        let signing = try authority.issue(
            IssuanceRequest(
                memberID: alice.id,
                profile: .smimeMailbox,
                csr: try CertificateSigningRequest.make(
                    key: signingKey,
                    subject: DistinguishedName(),
                    names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
                )
            )
        )
        var delivered = try robot.requests().count
        var generator = SystemRandomNumberGenerator()
        func signed(_ to: String, _ body: String) throws {
            let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\n\(body)".utf8)
            let mail = try SignedMessage.sign(content, certificate: signing.certificate, key: signingKey)
            try robot.deliver(
                bytes: Array("From: alice@example.org\nTo: \(to)@ca.example.org\nSubject: x\n".utf8) + mail
            )
            delivered += 1
        }
        func csrPEM() throws -> String {
            try CertificateSigningRequest.make(
                key: try PrivateKey.generate(.p256),
                subject: DistinguishedName(),
                names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
            ).pem
        }

        for trial in 0..<30 {
            // New work for this trial: signed CSRs (queued at once), an unsigned one (waits for its
            // confirmation), a signed revocation of an earlier certificate, and the replies to every
            // confirmation the robot has sent.
            for _ in 0..<2 { try signed("csr", "Profile: smime\n\n\(try csrPEM())") }
            try robot.deliver("From: alice@example.org\nTo: csr@ca.example.org\nSubject: c\n\n\(try csrPEM())")
            delivered += 1
            let issued = try authority.store.certificates(forMember: alice.id).filter {
                $0.der != nil && $0.revokedAt == nil && $0.id != signing.record.id
            }
            if let target = issued.randomElement(using: &generator) {
                try signed("revoke", "Serial: \(target.serialHex)\nReason: superseded\n")
            }
            for probe in try robot.newMail() where RobotHarness.confirmationAddress(probe) != nil {
                try robot.reply(to: probe, from: try #require(probe.to.first?.mailbox))
                delivered += 1
            }

            // Killed mid-run…
            let runner = Process()
            runner.executableURL = RepositoryPaths.vouchExecutable
            runner.arguments = ["jobs", "run", "--data", robot.vouch.data.path]
            runner.environment = ProcessInfo.processInfo.environment.merging(
                ["VOUCH_PASSPHRASE": RobotHarness.passphrase]
            ) { $1 }
            runner.currentDirectoryURL = RepositoryPaths.root
            runner.standardOutput = FileHandle.nullDevice
            runner.standardError = FileHandle.nullDevice
            try runner.run()
            usleep(UInt32.random(in: 20_000...1_500_000, using: &generator))
            kill(runner.processIdentifier, SIGKILL)
            runner.waitUntilExit()

            // …and run again to the end: then everything must hold.
            let rerun = try robot.vouch.run(["jobs", "run"])
            #expect(rerun.succeeded, "trial \(trial): \(rerun.transcript)")
            try checkInvariants(robot, delivered: delivered, trial: trial)
        }
        // The run did real work: certificates issued, revocations made, confirmations used.
        let counts = try query(
            robot,
            "SELECT count(*) FROM certificates WHERE der IS NOT NULL; SELECT count(*) FROM certificates WHERE revoked_at IS NOT NULL"
        )
        #expect(Int(counts[0][0]) ?? 0 >= 40 && Int(counts[1][0]) ?? 0 >= 10, "\(counts)")
    }

    private func query(_ robot: RobotHarness, _ sql: String) throws -> [[String]] {
        let result = try ExternalTool.sqlite3.run([
            "-separator", "|", robot.vouch.data.appendingPathComponent("vouch.sqlite").path, sql,
        ])
        #expect(result.succeeded, "\(result.transcript)")
        return result.output.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    private func checkInvariants(_ robot: RobotHarness, delivered: Int, trial: Int) throws {
        let context = "trial \(trial)"
        #expect(try query(robot, "PRAGMA integrity_check") == [["ok"]], "\(context)")
        let audit = try robot.vouch.run(["audit", "verify"])
        #expect(audit.succeeded, "\(context): \(audit.transcript)")
        // No request lost: every delivered message is a request, and none is left half-way.
        #expect(try query(robot, "SELECT count(*) FROM requests") == [["\(delivered)"]], "\(context)")
        #expect(
            try query(robot, "SELECT id, kind, state FROM requests WHERE state IN ('received', 'queued')").isEmpty,
            "\(context)"
        )
        // Nothing waits for a confirmation nobody can give.
        let orphans = try query(
            robot,
            """
            SELECT r.id FROM requests r WHERE r.state = 'waiting-confirmation' AND NOT EXISTS (
              SELECT 1 FROM probe_requests l JOIN probes p ON p.id = l.probe_id
              WHERE l.request_id = r.id AND p.used_at IS NULL)
            """
        )
        #expect(orphans.isEmpty, "\(context): \(orphans)")
        // No certificate issued twice, no serial reused.
        #expect(
            try query(
                robot,
                "SELECT request_id FROM certificates WHERE der IS NOT NULL AND request_id IS NOT NULL GROUP BY request_id HAVING count(*) > 1"
            ).isEmpty,
            "\(context)"
        )
        #expect(
            try query(robot, "SELECT serial_hex FROM certificates GROUP BY serial_hex HAVING count(*) > 1").isEmpty,
            "\(context)"
        )
        // Every issued request has its certificate, and every certificate its request done.
        let mismatched = try query(
            robot,
            """
            SELECT r.id, r.state, (SELECT count(*) FROM certificates c WHERE c.request_id = r.id AND c.der IS NOT NULL)
            FROM requests r WHERE r.kind = 'csr' AND (
              (r.state = 'done') <> EXISTS (SELECT 1 FROM certificates c WHERE c.request_id = r.id AND c.der IS NOT NULL))
            """
        )
        #expect(mismatched.isEmpty, "\(context): \(mismatched)")
        // Every signed certificate is published as a file, byte for byte, and mailed.
        for row in try query(robot, "SELECT serial_hex, hex(der) FROM certificates WHERE der IS NOT NULL") {
            let file = robot.vouch.data.appendingPathComponent("certificates/\(row[0]).pem")
            let pem = try String(contentsOf: file, encoding: .utf8)
            #expect(
                try Certificate(pem: pem).der.map { String(format: "%02X", $0) }.joined() == row[1],
                "\(context): \(row[0])"
            )
        }
        #expect(try query(robot, "SELECT count(*) FROM mail_queue WHERE written_at IS NULL") == [["0"]], "\(context)")
        let done =
            Int(try query(robot, "SELECT count(*) FROM requests WHERE kind = 'csr' AND state = 'done'")[0][0]) ?? -1
        let outbox = robot.vouch.data.appendingPathComponent("mail/outbox")
        var certificateMails = 0
        for folder in ["new", "cur"] {
            let directory = outbox.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
                if text.contains("Subject: Your smime certificate") { certificateMails += 1 }
            }
        }
        #expect(
            certificateMails == done,
            "\(context): \(certificateMails) certificate mails for \(done) issued requests"
        )
    }
}
