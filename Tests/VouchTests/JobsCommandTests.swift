import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import PKI

/// `vouch jobs run --due` and `vouch jobs list` on a temporary data directory.
@Suite struct JobsCommandTests {
    @Test func dueRunsSkipFreshCRLsAndListShowsResults() throws {
        let robot = try RobotHarness()
        // Right after init the CRLs are fresh: a scheduled run leaves them alone.
        let first = try robot.runJobs([], now: nil)
        #expect(first.output.contains("crl: no CRL due"), "\(first.transcript)")
        let due = try robot.vouch.run(["jobs", "run", "--verbose", "--due"])
        #expect(due.succeeded, "\(due.transcript)")
        #expect(!due.output.contains("crl:"), "\(due.output)")
        #expect(due.output.contains("intake:") && due.output.contains("site:"))
        // Four days later they are due again (and, under a pinned clock, refuse to sign).
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(4 * 86_400))
        let dueLater = try robot.vouch.run(["jobs", "run", "--verbose", "--due", "--now", later])
        #expect(
            dueLater.output.contains("crl: FAILED") && dueLater.output.contains("without --now"),
            "\(dueLater.transcript)"
        )

        let list = try robot.vouch.run(["jobs", "list"])
        #expect(list.succeeded)
        for job in ["intake", "requests", "expire", "outbound", "crl", "site"] {
            #expect(list.output.contains(job))
        }
        #expect(list.output.contains("ok:"))
    }

    @Test func aRevocationMakesTheCRLDueAtOnce() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        _ = try robot.vouch.run(["jobs", "run", "crl"])
        let fresh = try robot.vouch.run(["jobs", "run", "--verbose", "--due", "crl"])
        #expect(!fresh.output.contains("crl:"), "\(fresh.transcript)")

        let authority = try CertificateAuthority.open(
            DataDirectory(robot.vouch.data),
            passphrase: RobotHarness.passphrase
        )
        let member = try #require(try authority.store.member(byEmail: "alice@example.org"))
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
        )
        let issued = try authority.issue(IssuanceRequest(memberID: member.id, profile: .smimeMailbox, csr: csr))
        try authority.revoke(serialHex: issued.record.serialHex, reason: .keyCompromise)

        let due = try robot.vouch.run(["jobs", "run", "--verbose", "--due", "crl"])
        // Only the shard that lists the certificate is re-signed.
        #expect(due.output.contains("crl: signed CRLs: smime 1 "), "\(due.transcript)")
        let shard = try #require(issued.record.crlShard)
        let crl = try CertificateRevocationList(
            der: Array(try Data(contentsOf: robot.vouch.data.appendingPathComponent("crl/smime/\(shard).crl")))
        )
        #expect(crl.revokedSerials.contains(issued.certificate.serialNumber))
    }

    @Test func cronRunsAreQuietUnlessSomethingFails() throws {
        let robot = try RobotHarness()
        let quiet = try robot.vouch.run(["jobs", "run", "--due"])
        #expect(quiet.succeeded && quiet.output.isEmpty && quiet.error.isEmpty, "\(quiet.transcript)")
        // A missing CRL is due at once, and signing it needs the key.
        try FileManager.default.removeItem(at: robot.vouch.data.appendingPathComponent("crl/tls/3.crl"))
        let failing = try robot.vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(failing.status != 0 && failing.output.contains("crl: FAILED"), "\(failing.transcript)")
    }

    @Test func unknownJobAndMissingPassphraseAreClearErrors() throws {
        let robot = try RobotHarness()
        let unknown = try robot.vouch.run(["jobs", "run", "frobnicate"])
        #expect(unknown.status != 0 && unknown.error.contains("unknown job frobnicate"), "\(unknown.transcript)")
        try FileManager.default.removeItem(at: robot.vouch.data.appendingPathComponent("crl/smime/0.crl"))
        let locked = try robot.vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(
            locked.status != 0 && locked.output.contains("FAILED") && locked.output.contains("passphrase"),
            "\(locked.transcript)"
        )
    }
}
