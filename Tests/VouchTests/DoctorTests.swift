import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import Doctor
@testable import Store

/// `vouch doctor` end to end, on a data directory made with `vouch init` and run with `vouch jobs run`.
@Suite struct DoctorTests {
    /// A CA as an operator leaves it after the ceremony: the root key written outside the data
    /// directory (as if taken offline), every job run once.
    final class Harness {
        let directory: TemporaryDirectory
        let vouch: VouchCLI

        init() throws {
            directory = try TemporaryDirectory("vouch-doctor")
            vouch = VouchCLI(
                data: directory.file("var"),
                environment: [
                    "VOUCH_PASSPHRASE": "doctor test passphrase",
                    "VOUCH_ROOT_PASSPHRASE": "doctor test root passphrase",
                ]
            )
            let created = try vouch.run([
                "init", "--name", "Doctor Test", "--mail-domain", "ca.example.org", "--base-url",
                "https://ca.example.org", "--root-key", "p384", "--site", directory.file("site").path,
                "--root-key-out", directory.file("offline/root.key.pem").path,
            ])
            #expect(created.succeeded, "\(created.transcript)")
            let ran = try vouch.run(["jobs", "run"])
            #expect(ran.succeeded, "\(ran.transcript)")
        }

        func file(_ path: String) -> URL { vouch.data.appendingPathComponent(path) }

        func doctor(_ arguments: [String] = [], daysLater days: Double? = nil) throws -> ExternalTool.Result {
            var arguments = ["doctor"] + arguments
            if let days {
                arguments += ["--now", ISO8601DateFormatter().string(from: Date().addingTimeInterval(days * 86_400))]
            }
            return try vouch.run(arguments)
        }

        /// `vouch doctor --json`, decoded; the same findings as the text form, line for line.
        func json(daysLater days: Double? = nil) throws -> Diagnosis.Report {
            let result = try doctor(["--json"], daysLater: days)
            let report = try JSONDecoder().decode(Diagnosis.Report.self, from: Data(result.output.utf8))
            #expect(report.exitStatus == result.status, "\(result.transcript)")
            let text = try doctor([], daysLater: days)
            #expect(text.status == result.status)
            #expect(
                report.findings.map(\.line)
                    == text.output.split(separator: "\n").map(String.init).filter {
                        !$0.hasPrefix("ok:")
                    }
            )
            return report
        }
    }

    @Test func aHealthyDataDirectoryExitsZero() throws {
        let ca = try Harness()
        let result = try ca.doctor()
        #expect(result.status == 0, "\(result.transcript)")
        #expect(result.output.contains("ok: nothing to do"))
        #expect(result.output.contains("info keys: issuing keys online: tls, smime, codesign"), "\(result.output)")
        let report = try ca.json()
        #expect(report.status == "ok" && report.exitStatus == 0)
        #expect(report.findings.allSatisfy { $0.severity == .info }, "\(report.findings)")
    }

    @Test func aCRLPastHalfItsLifeWarnsAndPastNextUpdateNeedsAction() throws {
        let ca = try Harness()
        // The CRLs are valid for 7 days: at 4 days they are past half their life.
        let aging = try ca.doctor(daysLater: 4)
        #expect(aging.status == 1, "\(aging.transcript)")
        #expect(
            aging.output.contains("warning crl: tls CRL shards 0-15 are due for re-signing, past half their validity"),
            "\(aging.output)"
        )
        #expect(aging.output.contains("are due for re-signing"))
        #expect(!aging.output.contains("action "), "\(aging.output)")
        // Nothing ran in those four days: one line names every job the schedule wanted.
        #expect(
            aging.output.contains("warning jobs: due but not run for over a day: intake, requests,"),
            "\(aging.output)"
        )
        #expect(aging.output.contains(", crl, "))
        let report = try ca.json(daysLater: 4)
        #expect(report.status == "warning")
        #expect(report.findings.contains { $0.check == "crl" && $0.severity == .warning })

        let stale = try ca.doctor(daysLater: 8)
        #expect(stale.status == 2, "\(stale.transcript)")
        #expect(stale.output.contains("action crl: smime CRL shards 0-15 are past their nextUpdate"), "\(stale.output)")
        #expect(stale.output.contains("past their nextUpdate"))
        #expect(stale.output.contains("`vouch jobs run crl`"))
    }

    @Test func aKeyFileOthersCanReadNeedsAction() throws {
        let ca = try Harness()
        let key = ca.file("keys/tls.key.pem")
        #expect(chmod(key.path, 0o644) == 0)
        let result = try ca.doctor()
        #expect(result.status == 2, "\(result.transcript)")
        #expect(
            result.output.contains("action file-mode: the CA key file \(key.path) has mode 0644"),
            "\(result.output)"
        )
        #expect(result.output.contains("run `chmod 0600 \(key.path)`"))
        let report = try ca.json()
        #expect(report.status == "action")
        #expect(report.findings.contains { $0.check == "file-mode" && $0.problem.contains("tls.key.pem") })

        // The database and a passphrase file are secrets too.
        #expect(chmod(key.path, 0o600) == 0)
        let passphrase = try ca.directory.write("passphrase", "doctor test passphrase\n")
        #expect(chmod(passphrase, 0o640) == 0)
        let loose = try ca.doctor(["--passphrase-file", passphrase])
        #expect(loose.status == 2 && loose.output.contains("the passphrase file \(passphrase) has mode 0640"))
        #expect(chmod(passphrase, 0o600) == 0)
        #expect(try ca.doctor(["--passphrase-file", passphrase]).status == 0)
    }

    @Test func theRootKeyOnTheMachineIsAWarning() throws {
        let ca = try Harness()
        let copy = ca.file("root-offline/root.key.pem")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ca.directory.file("offline/root.key.pem"), to: copy)
        let result = try ca.doctor()
        #expect(result.status == 1, "\(result.transcript)")
        #expect(result.output.contains("warning keys: the root key is on this machine at \(copy.path)"))
    }

    @Test func aFailedJobNeedsAction() throws {
        let ca = try Harness()
        // A missing CRL is due at once, and signing it needs the passphrase, which cron lost.
        try FileManager.default.removeItem(at: ca.file("crl/tls/3.crl"))
        let failing = try ca.vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(failing.status != 0, "\(failing.transcript)")
        let result = try ca.doctor()
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.output.contains("action jobs: the crl job failed on its last run"), "\(result.output)")
        #expect(result.output.contains("action crl: tls CRL shards 3 are missing"), "\(result.output)")
        let report = try ca.json()
        #expect(report.findings.contains { $0.check == "jobs" && $0.severity == .action })
    }

    @Test func aConfigurationThatDoesNotParseNeedsAction() throws {
        let ca = try Harness()
        try "name = \"unterminated\n".write(to: ca.file("config.toml"), atomically: true, encoding: .utf8)
        let result = try ca.doctor()
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.output.contains("action configuration: the data directory does not open"), "\(result.output)")
    }

    /// The library takes `now`: a minute either side of half a shard's life, and of its nextUpdate (the
    /// shards of all three CAs were signed within that minute by the same jobs run).
    @Test func theCRLCheckTurnsAtHalfLifeAndAtNextUpdate() throws {
        let ca = try Harness()
        let directory = DataDirectory(ca.vouch.data)
        let authority = try CertificateAuthority.open(directory, passphrase: nil)
        let record = try authority.record(.issuing(.tls))
        let shard = try #require(try authority.store.crlShards(issuer: record.id).first { $0.shard == 0 })
        let half = shard.thisUpdate.addingTimeInterval(shard.nextUpdate.timeIntervalSince(shard.thisUpdate) / 2)
        let doctor = Doctor(directory: directory)
        func crl(_ now: Date) -> [Finding] { doctor.examine(now: now).findings.filter { $0.check == "crl" } }
        #expect(crl(half.addingTimeInterval(-60)).isEmpty)
        let aging = crl(half.addingTimeInterval(60))
        #expect(aging.count == 3 && aging.allSatisfy { $0.severity == .warning }, "\(aging)")
        #expect(crl(shard.nextUpdate.addingTimeInterval(-60)).allSatisfy { $0.severity == .warning })
        let stale = crl(shard.nextUpdate.addingTimeInterval(60))
        #expect(stale.count == 3 && stale.allSatisfy { $0.severity == .action }, "\(stale)")
        #expect(doctor.examine(now: shard.nextUpdate.addingTimeInterval(60)).exitStatus == 2)
    }

    /// The CRL job's own rule: a revocation not on its shard yet makes that shard due at once, long
    /// before half its life.
    @Test func aRevocationNotYetOnItsCRLIsAWarning() throws {
        let ca = try Harness()
        let store = try Store(path: ca.file("vouch.sqlite").path, actor: "test")
        _ = try store.addMember(name: "Alice Example", dateOfBirth: "1980-04-01", primaryEmail: "alice@example.org")
        _ = try store.verifyEmail("alice@example.org", method: "test")
        let files = try TemporaryDirectory("vouch-doctor-csr")
        let request = try MemberRequest.make(in: files, names: "email:alice@example.org")
        let issued = try ca.vouch.run([
            "cert", "issue", "--member", "alice@example.org", try files.write("alice.csr", request.pem),
        ])
        #expect(issued.succeeded, "\(issued.transcript)")
        let serial = try #require(issued.output.split(separator: " ").dropFirst(2).first.map(String.init))
        let before = try ca.doctor()
        #expect(before.status == 0, "\(before.transcript)")
        let revoked = try ca.vouch.run(["cert", "revoke", serial, "--reason", "keyCompromise"])
        #expect(revoked.succeeded, "\(revoked.transcript)")
        let shown = try ca.doctor()
        #expect(shown.status == 1, "\(shown.transcript)")
        #expect(shown.output.contains("warning crl: smime CRL shards "), "\(shown.output)")
        #expect(shown.output.contains("missing a revocation"), "\(shown.output)")
        // Signed in a later second: a CRL of the revocation's own second counts as due again.
        Thread.sleep(forTimeInterval: 1.1)
        let signed = try ca.vouch.run(["jobs", "run", "crl"])
        #expect(signed.succeeded, "\(signed.transcript)")
        let after = try ca.doctor()
        #expect(after.status == 0, "\(after.transcript)")
    }

    @Test(arguments: [
        ([String](), ""), (["3"], "3"), (["0", "1", "2", "3"], "0-3"),
        (["0", "1", "5", "7", "8", "unsharded"], "0-1, 5, 7-8, unsharded"),
    ])
    func shardListsAreShortRuns(labels: [String], expected: String) {
        #expect(Doctor.shardList(labels) == expected)
    }

    @Test func anUnconfirmedRequestPastItsExpiryIsAWarning() throws {
        let ca = try Harness()
        let mail =
            "From: Alice <alice@example.org>\nTo: register@ca.example.org\nSubject: join\n\nName: Alice Example\nDate-Of-Birth: 1980-04-01\n"
        let delivered = try ca.vouch.run(["deliver"], input: Array(mail.utf8))
        #expect(delivered.succeeded, "\(delivered.transcript)")
        let ran = try ca.vouch.run(["jobs", "run", "intake", "requests"])
        #expect(ran.succeeded, "\(ran.transcript)")
        #expect(try ca.doctor(daysLater: 0.5).status == 0)
        // The expiry is 48 hours; the CRLs are still inside half their life at 3 days.
        let late = try ca.doctor(daysLater: 3)
        #expect(late.status == 1, "\(late.transcript)")
        #expect(
            late.output.contains(
                "warning requests: 1 request(s) have waited for confirmation longer than their 48-hour expiry"
            ),
            "\(late.output)"
        )
    }

    @Test func anEditedAuditRowNeedsAction() throws {
        let ca = try Harness()
        let edited = try ExternalTool.sqlite3.run([
            ca.file("vouch.sqlite").path,
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 3",
        ])
        #expect(edited.succeeded, "\(edited.transcript)")
        let result = try ca.doctor()
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.output.contains("action audit: the audit chain is broken at row 3 (edited)"), "\(result.output)")
    }

    /// CA expiry, quarantined mail and free space, through the library with `now` moved.
    @Test func expiringCAsQuarantinedMailAndLowDiskAreReported() throws {
        let ca = try Harness()
        let directory = DataDirectory(ca.vouch.data)
        let authority = try CertificateAuthority.open(directory, passphrase: nil)
        let tlsExpiry = try authority.certificate(.issuing(.tls)).notAfter
        var doctor = Doctor(directory: directory)
        func expiry(_ now: Date) -> [Finding] { doctor.examine(now: now).findings.filter { $0.check == "ca-expiry" } }
        #expect(expiry(Date()).isEmpty)
        let soon = expiry(tlsExpiry.addingTimeInterval(-100 * 86_400))
        #expect(
            soon.contains { $0.severity == .warning && $0.problem.contains("the tls CA certificate expires") },
            "\(soon)"
        )
        let gone = expiry(tlsExpiry.addingTimeInterval(86_400))
        #expect(
            gone.contains { $0.severity == .action && $0.problem.contains("the tls CA certificate expired") },
            "\(gone)"
        )

        try FileManager.default.createDirectory(at: directory.quarantine, withIntermediateDirectories: true)
        try "not mail".write(
            to: directory.quarantine.appendingPathComponent("1.bad"),
            atomically: true,
            encoding: .utf8
        )
        let mail = doctor.examine(now: Date()).findings.filter { $0.check == "mail" }
        #expect(mail.count == 1 && mail[0].severity == .warning && mail[0].problem.hasPrefix("1 message(s)"), "\(mail)")

        // A quarantine that cannot be listed (here a file where the folder should be: the tests
        // run as root, whom no mode keeps out) is not an empty one.
        try FileManager.default.removeItem(at: directory.quarantine)
        try "in the way".write(to: directory.quarantine, atomically: true, encoding: .utf8)
        let unlisted = doctor.examine(now: Date()).findings.filter { $0.check == "mail" }
        #expect(
            unlisted.count == 1 && unlisted[0].severity == .action && unlisted[0].problem.contains("cannot list"),
            "\(unlisted)"
        )
        try FileManager.default.removeItem(at: directory.quarantine)

        doctor.freeSpaceWarning = .max
        let disk = doctor.examine(now: Date()).findings.filter { $0.check == "disk" }
        #expect(disk.count == 1 && disk[0].severity == .action, "\(disk)")
    }

    @Test func aMissingDatabaseNeedsActionAndIsNotCreated() throws {
        let ca = try Harness()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: ca.file("vouch.sqlite\(suffix)")) }
        let result = try ca.doctor()
        #expect(result.status == 2, "\(result.transcript)")
        #expect(result.output.contains("action configuration: the database"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: ca.file("vouch.sqlite").path))
    }
}
