import Foundation
import Testing
import VouchTestSupport

/// What must never leak out of the CA's process: the key passphrase into a child, a backdated
/// signature through the test clock.
@Suite struct SecretsTests {
    @Test func theKeyPassphraseNeverReachesSendmail() throws {
        let directory = try TemporaryDirectory("vouch-secrets")
        let passphrase = "secrets test passphrase"
        let vouch = VouchCLI(
            data: directory.file("var"),
            environment: ["VOUCH_PASSPHRASE": passphrase, "VOUCH_ROOT_PASSPHRASE": "secrets test root passphrase"]
        )
        let created = try vouch.run([
            "init", "--name", "Secrets Test", "--mail-domain", "ca.example.org", "--base-url", "https://ca.example.org",
            "--root-key", "p384", "--site", directory.file("site").path, "--mail-transport", "sendmail",
        ])
        try #require(created.succeeded, "\(created.transcript)")
        // A sendmail that records the environment it was given.
        let capture = directory.file("sendmail-environment")
        let fake = try directory.write("sendmail", "#!/bin/sh\nenv > '\(capture.path)'\ncat > /dev/null\n")
        chmod(fake, 0o755)
        let config = vouch.data.appendingPathComponent("config.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "sendmail = \"/usr/sbin/sendmail\"", with: "sendmail = \"\(fake)\"")
        try Data(text.utf8).write(to: config)

        let delivered = try vouch.run(
            ["deliver"],
            input: Array(
                "From: someone@example.net\nTo: register@ca.example.org\n\nName: Some One\nDate-Of-Birth: 1988-08-08\n"
                    .utf8
            )
        )
        #expect(delivered.succeeded)
        // The crl job opens the keys in the same run, so the passphrase was certainly read.
        let run = try vouch.run(["jobs", "run", "-v", "intake", "requests", "outbound", "crl"])
        #expect(run.succeeded && run.output.contains("1 messages handed to"), "\(run.transcript)")
        let seen = try String(contentsOf: capture, encoding: .utf8)
        #expect(seen.contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), "\(seen)")
        #expect(!seen.contains("VOUCH_"), "\(seen)")
        #expect(!seen.contains(passphrase), "\(seen)")
    }

    @Test func aPinnedClockSignsNothing() throws {
        let robot = try RobotHarness()
        let crl = robot.vouch.data.appendingPathComponent("crl/tls/0.crl")
        let before = try Data(contentsOf: crl)
        let backdated = try robot.vouch.run(["jobs", "run", "crl", "--now", "2020-01-01T00:00:00Z"])
        #expect(!backdated.succeeded && backdated.output.contains("without --now"), "\(backdated.transcript)")
        #expect(try Data(contentsOf: crl) == before)
    }
}
