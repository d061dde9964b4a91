import Foundation
import Testing
import VouchTestSupport

/// `vouch init` end to end: the key ceremony on a temporary data directory.
@Suite struct InitCommandTests {
    static let passphrase = "correct horse battery staple"
    static let rootPassphrase = "init test root passphrase"
    let directory: TemporaryDirectory
    let vouch: VouchCLI

    init() throws {
        directory = try TemporaryDirectory("vouch-init")
        vouch = VouchCLI(
            data: directory.file("var"),
            environment: [
                "VOUCH_PASSPHRASE": Self.passphrase, "VOUCH_ROOT_PASSPHRASE": Self.rootPassphrase,
            ]
        )
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
        // The root key is not among the jobs' keys: it has its own passphrase and its own place.
        #expect(
            files.filter { !$0.hasPrefix("bundle-signer-") } == ["codesign.key.pem", "smime.key.pem", "tls.key.pem"]
        )
        #expect(files.filter { $0.hasPrefix("bundle-signer-") }.count == 1, "the ceremony issues one bundle signer")
        let root = vouch.data.appendingPathComponent("root-offline/root.key.pem")
        #expect(try mode(root.deletingLastPathComponent()) == 0o700)
        #expect(try mode(root) == 0o600)
        #expect(result.output.contains("Take it offline now") && result.output.contains(root.path), "\(result.output)")
        let rootWithJobsPassphrase = try ExternalTool.openssl.run([
            "pkey", "-in", root.path, "-passin", "pass:\(Self.passphrase)", "-noout",
        ])
        #expect(!rootWithJobsPassphrase.succeeded, "the jobs' passphrase opens the root key")
        let rootWithItsOwn = try ExternalTool.openssl.run([
            "pkey", "-in", root.path, "-passin", "pass:\(Self.rootPassphrase)", "-noout",
        ])
        #expect(rootWithItsOwn.succeeded, "\(rootWithItsOwn.transcript)")
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

    @Test func theRootKeyGoesWhereTheOperatorSaysButNeverIntoKeys() throws {
        let chosen = directory.file("usb-stick/vouch-root.pem")
        let result = try initialise(["--root-key-out", chosen.path])
        #expect(result.succeeded, "\(result.transcript)")
        #expect(try mode(chosen) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: vouch.data.appendingPathComponent("root-offline").path))

        let other = try TemporaryDirectory("vouch-init")
        let intoKeys = try VouchCLI(data: other.file("var"), environment: vouch.environment).run([
            "init", "--name", "Test CA", "--mail-domain", "ca.example.org", "--base-url", "https://ca.example.org",
            "--root-key", "p384", "--root-key-out", other.file("var/keys/root.key.pem").path,
        ])
        #expect(!intoKeys.succeeded && intoKeys.error.contains("must not be written into"), "\(intoKeys.transcript)")
    }

    @Test func theRootNeedsItsOwnPassphrase() throws {
        let missing = try initialise(environment: ["VOUCH_ROOT_PASSPHRASE": nil])
        #expect(!missing.succeeded && missing.error.contains("VOUCH_ROOT_PASSPHRASE"), "\(missing.transcript)")
        let same = try initialise(environment: ["VOUCH_ROOT_PASSPHRASE": Self.passphrase])
        #expect(!same.succeeded && same.error.contains("must differ"), "\(same.transcript)")
        #expect(!FileManager.default.fileExists(atPath: vouch.data.appendingPathComponent("config.toml").path))
    }

    @Test func jobsNeverSignWithTheRootAndTheOperatorBringsItBackForTheARL() throws {
        #expect(try initialise().succeeded)
        let arl = vouch.data.appendingPathComponent("crl/root.crl")
        let first = try Data(contentsOf: arl)
        // Even with the root's passphrase in their environment and its key on disk, jobs leave the ARL alone.
        let jobs = try vouch.run(["jobs", "run", "--verbose", "crl"])
        #expect(jobs.succeeded, "\(jobs.transcript)")
        #expect(try Data(contentsOf: arl) == first)
        #expect(!jobs.output.contains("root #"), "\(jobs.output)")

        let root = vouch.data.appendingPathComponent("root-offline/root.key.pem")
        let wrong = try vouch.run(
            ["root", "sign-arl", "--root-key", root.path],
            environment: ["VOUCH_ROOT_PASSPHRASE": Self.passphrase]
        )
        #expect(!wrong.succeeded && wrong.error.contains("wrong passphrase"), "\(wrong.transcript)")
        let signed = try vouch.run(
            ["root", "sign-arl", "--root-key", root.path],
            environment: ["VOUCH_PASSPHRASE": nil]
        )
        #expect(signed.succeeded && signed.output.contains("signed the root ARL #2"), "\(signed.transcript)")
        let text = try ExternalTool.openssl.run([
            "crl", "-inform", "DER", "-in", arl.path, "-noout", "-text", "-CAfile",
            vouch.data.appendingPathComponent("ca/root.pem").path,
        ])
        #expect(text.succeeded && text.error.contains("verify OK"), "\(text.transcript)")
        #expect(text.output.contains("X509v3 CRL Number: \n                2"), "\(text.output)")
    }

    @Test func rewrapSealsOlderKeysAsStronglyAsNewOnes() throws {
        #expect(try initialise().succeeded)
        let tls = vouch.data.appendingPathComponent("keys/tls.key.pem")
        // Seal one key as earlier versions did: PBKDF2 with OpenSSL's default 2,048 iterations.
        let legacy = try ExternalTool.openssl.run([
            "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", tls.path, "-passin", "pass:\(Self.passphrase)", "-passout",
            "pass:\(Self.passphrase)",
        ])
        #expect(legacy.succeeded, "\(legacy.transcript)")
        try Data(legacy.output.utf8).write(to: tls)
        #expect(try ExternalTool.openssl.run(["asn1parse", "-in", tls.path]).output.contains(":0800"))
        // It still opens: the CRL job signs with it.
        try FileManager.default.removeItem(at: vouch.data.appendingPathComponent("crl/tls"))
        let signed = try vouch.run(["jobs", "run", "-v", "crl"])
        #expect(signed.succeeded && signed.output.contains("tls 16"), "\(signed.transcript)")

        let rewrapped = try vouch.run(["keys", "rewrap"])
        #expect(rewrapped.succeeded && rewrapped.output.contains("tls.key.pem"), "\(rewrapped.transcript)")
        for name in ["codesign", "smime", "tls"] {
            let file = vouch.data.appendingPathComponent("keys/\(name).key.pem")
            let structure = try ExternalTool.openssl.run(["asn1parse", "-in", file.path]).output
            #expect(structure.contains(":0927C0") && structure.contains("hmacWithSHA256"), "\(name)")
            #expect(try mode(file) == 0o600)
        }

        let newFile = try directory.write("new-passphrase", "a brand new passphrase\n")
        #expect(try vouch.run(["keys", "rewrap", "--new-passphrase-file", newFile]).succeeded)
        try FileManager.default.removeItem(at: vouch.data.appendingPathComponent("crl"))
        #expect(!(try vouch.run(["jobs", "run", "crl"]).succeeded))
        #expect(
            try vouch.run(["jobs", "run", "crl"], environment: ["VOUCH_PASSPHRASE": "a brand new passphrase"]).succeeded
        )

        let root = vouch.data.appendingPathComponent("root-offline/root.key.pem")
        #expect(try vouch.run(["keys", "rewrap", "--root-key", root.path]).succeeded)
        #expect(try vouch.run(["root", "sign-arl", "--root-key", root.path]).succeeded)
    }

    @Test func refusesToOverwriteAnExistingCA() throws {
        #expect(try initialise().succeeded)
        let root = vouch.data.appendingPathComponent("root-offline/root.key.pem")
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
