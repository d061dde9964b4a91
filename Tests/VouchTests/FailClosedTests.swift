import Foundation
import Mail
import Testing
import VouchTestSupport

/// Where something cannot be read or counted, Vouch stops with the reason instead of going on as
/// if nothing had happened.
@Suite(.serialized) struct FailClosedTests {
    /// The mail limits are counted in the mail queue; when that table cannot be read, nothing is
    /// sent on a guess: the job fails with the reason and the request waits, unanswered and kept.
    @Test func aMailQueueThatCannotBeCountedSendsNothingAndKeepsTheRequest() throws {
        let robot = try RobotHarness()
        let broken = try ExternalTool.sqlite3.run([
            robot.vouch.data.appendingPathComponent("vouch.sqlite").path,
            "DROP INDEX IF EXISTS mail_queue_recipient_key; ALTER TABLE mail_queue RENAME COLUMN recipient_key TO renamed",
        ])
        #expect(broken.succeeded, "\(broken.transcript)")
        try robot.deliver(
            "From: alice@example.org\nTo: register@ca.example.org\nSubject: join\n\nName: Alice Example\nDate-Of-Birth: 1980-04-01\n"
        )
        let run = try robot.vouch.run(["jobs", "run", "intake", "requests"])
        #expect(
            run.status != 0 && run.output.contains("requests: FAILED") && run.output.contains("recipient_key"),
            "\(run.transcript)"
        )
        #expect(try robot.newMail().isEmpty, "no mail goes out past a limit that could not be counted")
        #expect(try robot.requests().map { $0[2] } == ["received"], "the request waits for the next run")
    }

    @Test func anUnreadableInboxFailsTheIntakeJobInsteadOfLookingEmpty() throws {
        let robot = try RobotHarness()
        let new = robot.vouch.data.appendingPathComponent("mail/inbox/new")
        try? FileManager.default.removeItem(at: new)
        try FileManager.default.createDirectory(at: new.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: new)
        let run = try robot.vouch.run(["jobs", "run", "intake"])
        #expect(run.status != 0, "\(run.transcript)")
        #expect(run.output.contains("intake: FAILED") && run.output.contains("inbox/new"), "\(run.transcript)")
    }

    @Test func aPassphraseFileThatCannotBeReadIsAnError() throws {
        let robot = try RobotHarness()
        for arguments in [["jobs", "run", "crl"], ["assurance", "revoke", "1", "--reason", "x"]] {
            let run = try robot.vouch.run(arguments + ["--passphrase-file", "/nonexistent/passphrase"])
            #expect(run.status != 0, "\(arguments): \(run.transcript)")
            #expect(run.error.contains("/nonexistent/passphrase"), "\(arguments): \(run.transcript)")
        }
    }
}
