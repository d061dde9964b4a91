import Foundation
import Testing
import VouchTestSupport

/// `vouch jobs run --due` and `vouch jobs list` on a temporary data directory.
@Suite struct JobsCommandTests {
    @Test func dueRunsSkipFreshCRLsAndListShowsResults() throws {
        let robot = try RobotHarness()
        // Right after init the CRLs are fresh: a scheduled run leaves them alone.
        let first = try robot.runJobs([], now: nil)
        #expect(first.output.contains("crl: signed"))
        let due = try robot.vouch.run(["jobs", "run", "--verbose", "--due"])
        #expect(due.succeeded, "\(due.transcript)")
        #expect(!due.output.contains("crl:"), "\(due.output)")
        #expect(due.output.contains("intake:") && due.output.contains("site:"))
        // Four days later they are due again.
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(4 * 86_400))
        let dueLater = try robot.vouch.run(["jobs", "run", "--verbose", "--due", "--now", later])
        #expect(dueLater.output.contains("crl: signed"), "\(dueLater.transcript)")

        let list = try robot.vouch.run(["jobs", "list"])
        #expect(list.succeeded)
        for job in ["intake", "requests", "expire", "outbound", "crl", "site"] {
            #expect(list.output.contains(job))
        }
        #expect(list.output.contains("ok:"))
    }

    @Test func cronRunsAreQuietUnlessSomethingFails() throws {
        let robot = try RobotHarness()
        let quiet = try robot.vouch.run(["jobs", "run", "--due"])
        #expect(quiet.succeeded && quiet.output.isEmpty && quiet.error.isEmpty, "\(quiet.transcript)")
        let failing = try robot.vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(failing.status != 0 && failing.output.contains("crl: FAILED"), "\(failing.transcript)")
    }

    @Test func unknownJobAndMissingPassphraseAreClearErrors() throws {
        let robot = try RobotHarness()
        let unknown = try robot.vouch.run(["jobs", "run", "frobnicate"])
        #expect(unknown.status != 0 && unknown.error.contains("unknown job frobnicate"), "\(unknown.transcript)")
        let locked = try robot.vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(
            locked.status != 0 && locked.output.contains("FAILED") && locked.output.contains("passphrase"),
            "\(locked.transcript)"
        )
    }
}
