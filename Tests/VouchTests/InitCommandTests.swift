import Foundation
import Testing
import VouchTestSupport

/// `vouch init` end to end: the key ceremony on a temporary data directory.
@Suite struct InitCommandTests {
    static let passphrase = "correct horse battery staple"
    let directory: TemporaryDirectory
    let vouch: VouchCLI

    init() throws {
        directory = try TemporaryDirectory("vouch-init")
        vouch = VouchCLI(data: directory.file("var"), environment: ["VOUCH_PASSPHRASE": Self.passphrase])
    }

    private func initialise(_ extra: [String] = [], environment: [String: String?] = [:]) throws -> ExternalTool.Result
    {
        try vouch.run(
            [
                "init", "--name", "Test CA", "--mail-domain", "ca.example.org", "--base-url", "https://ca.example.org",
                "--root-key", "p384",
            ] + extra,
            environment: environment
        )
    }

    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as! NSNumber).intValue
    }

    @Test func keysAreEncryptedAndPrivate() throws {
        let result = try initialise()
        #expect(result.succeeded, "\(result.transcript)")
        #expect(result.output.contains("root SHA-256 fingerprint"))
        let keys = vouch.data.appendingPathComponent("keys")
        #expect(try mode(keys) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: keys.path).sorted()
        #expect(
            files.filter { !$0.hasPrefix("bundle-signer-") } == [
                "codesign.key.pem", "root.key.pem", "smime.key.pem", "tls.key.pem",
            ]
        )
        #expect(files.filter { $0.hasPrefix("bundle-signer-") }.count == 1, "the ceremony issues one bundle signer")
        for file in files {
            let url = keys.appendingPathComponent(file)
            #expect(try mode(url) == 0o600, "\(file)")
            let pem = try String(contentsOf: url, encoding: .utf8)
            #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "\(file)")
            let structure = try ExternalTool.openssl.run(["asn1parse", "-in", url.path])
            #expect(structure.output.contains("aes-256-cbc") && structure.output.contains("PBKDF2"), "\(file)")
            let wrong = try ExternalTool.openssl.run(["pkey", "-in", url.path, "-passin", "pass:wrong", "-noout"])
            #expect(!wrong.succeeded, "\(file) opened with a wrong passphrase")
            let right = try ExternalTool.openssl.run([
                "pkey", "-in", url.path, "-passin", "pass:\(Self.passphrase)", "-noout",
            ])
            #expect(right.succeeded, "\(right.transcript)")
        }
        #expect(try mode(vouch.data.appendingPathComponent("vouch.sqlite")) == 0o600)
    }

    @Test func refusesToOverwriteAnExistingCA() throws {
        #expect(try initialise().succeeded)
        let root = vouch.data.appendingPathComponent("keys/root.key.pem")
        let before = try Data(contentsOf: root)
        let again = try initialise()
        #expect(again.status != 0)
        #expect(again.error.contains("refusing to overwrite"), "\(again.transcript)")
        #expect(again.error.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: root) == before)
    }

    @Test func passphraseComesFromEnvironmentOrFileOnly() throws {
        let missing = try initialise(environment: ["VOUCH_PASSPHRASE": nil])
        #expect(missing.status != 0)
        #expect(missing.error.contains("VOUCH_PASSPHRASE"), "\(missing.transcript)")
        #expect(!FileManager.default.fileExists(atPath: vouch.data.appendingPathComponent("config.toml").path))

        let onCommandLine = try initialise(["--passphrase", Self.passphrase])
        #expect(onCommandLine.status != 0)

        let file = try directory.write("passphrase", "another long passphrase here\n")
        let fromFile = try initialise(["--passphrase-file", file], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(fromFile.succeeded, "\(fromFile.transcript)")
        let opened = try ExternalTool.openssl.run(
            [
                "pkey", "-in", vouch.data.appendingPathComponent("keys/tls.key.pem").path, "-passin",
                "pass:another long passphrase here", "-noout",
            ])
        #expect(opened.succeeded, "\(opened.transcript)")
    }

    @Test func refusesAShortPassphraseAndBadSettings() throws {
        let short = try initialise(environment: ["VOUCH_PASSPHRASE": "short"])
        #expect(short.status != 0 && short.error.contains("at least 16"), "\(short.transcript)")
        let badCountry = try initialise(["--country", "Netherlands"])
        #expect(badCountry.status != 0 && badCountry.error.contains("ISO 3166"), "\(badCountry.transcript)")
        let badDomain = try vouch.run(
            ["init", "--name", "T", "--mail-domain", "localhost", "--base-url", "https://ca.example.org"])
        #expect(badDomain.status != 0 && badDomain.error.contains("mail domain"), "\(badDomain.transcript)")
        #expect(!FileManager.default.fileExists(atPath: vouch.data.appendingPathComponent("keys").path))
    }

    @Test func wrongPassphraseChangesNothing() throws {
        #expect(try initialise().succeeded)
        try directory.write("var/passphrase", "not the passphrase at all\n")
        let database = vouch.data.appendingPathComponent("vouch.sqlite").path
        let before = try ExternalTool.sqlite3.run([
            database, "SELECT count(*) FROM audit_log; SELECT count(*) FROM members;",
        ])
        let demo = try vouch.run(["demo", "--out", directory.file("site").path])
        #expect(demo.status != 0)
        #expect(demo.error.contains("wrong passphrase"), "\(demo.transcript)")
        let after = try ExternalTool.sqlite3.run([
            database, "SELECT count(*) FROM audit_log; SELECT count(*) FROM members;",
        ])
        #expect(before.output == after.output && !before.output.isEmpty, "\(before.transcript) \(after.transcript)")
    }
}
