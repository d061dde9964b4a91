import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import PKI
@testable import Store

/// Every format of a release, consumed by the tool its users run. The release judged has one
/// anchor (the root, for TLS and S/MIME since the code-signing CA is retired) and one distrusted CA.
@Suite struct ConsumerTests {
    let fixture = ReleaseFixture.shared
    var release: URL { fixture.latest }
    var root: URL { release.appendingPathComponent("certs/Bundle_Test_Root_CA.crt") }
    var tlsCA: URL { release.appendingPathComponent("intermediates/Bundle_Test_TLS_CA.crt") }

    @Test func theReleasesWereMade() {
        for (name, run) in fixture.runs { #expect(run.succeeded, "\(name): \(run.transcript)") }
        #expect(fixture.runs["first"]?.output.contains("released \(ReleaseFixture.first)") == true)
        #expect(fixture.runs["second"]?.output.contains("released \(ReleaseFixture.second)") == true)
    }

    @Test func updateCACertificatesInstallsTheCrtFiles() throws {
        let work = try TemporaryDirectory("vouch-uca")
        for folder in ["share", "local", "etc", "hooks"] {
            try FileManager.default.createDirectory(at: work.file(folder), withIntermediateDirectories: true)
        }
        try work.write("ca-certificates.conf", "")
        for name in try FileManager.default.contentsOfDirectory(atPath: release.appendingPathComponent("certs").path)
        where name.hasSuffix(".crt") {
            try FileManager.default.copyItem(
                at: release.appendingPathComponent("certs/\(name)"),
                to: work.file("local/\(name)")
            )
        }
        let updated = try consume(
            "update-ca-certificates",
            [
                "--fresh", "--certsconf", work.file("ca-certificates.conf").path, "--certsdir", work.file("share").path,
                "--localcertsdir", work.file("local").path, "--etccertsdir", work.file("etc").path,
                "--hooksdir", work.file("hooks").path,
            ]
        )
        #expect(updated.output.contains("1 added, 0 removed"), "\(updated.output)")
        let leaf = try TLSServer.shared.get().leaf.path
        try consume(
            "openssl",
            ["verify", "-no-CAfile", "-no-CAstore", "-CApath", work.file("etc").path, "-untrusted", tlsCA.path, leaf]
        )
        try consume(
            "openssl",
            [
                "verify", "-no-CApath", "-no-CAstore", "-CAfile", work.file("etc/ca-certificates.crt").path,
                "-untrusted", tlsCA.path, leaf,
            ]
        )
    }

    @Test func opensslUsesTheHashedDirectory() throws {
        let hashed = release.appendingPathComponent("hashed")
        let names = try FileManager.default.contentsOfDirectory(atPath: hashed.path)
        let hash = try consume("openssl", ["x509", "-in", root.path, "-noout", "-subject_hash"]).output
        #expect(names == ["\(hash.trimmingCharacters(in: .whitespacesAndNewlines)).0"])
        try consume(
            "openssl",
            [
                "verify", "-no-CAfile", "-no-CAstore", "-CApath", hashed.path, "-untrusted", tlsCA.path,
                try TLSServer.shared.get().leaf.path,
            ]
        )
        let android = try FileManager.default.contentsOfDirectory(
            atPath: release.appendingPathComponent("android").path
        )
        let old = try consume("openssl", ["x509", "-in", root.path, "-noout", "-subject_hash_old"]).output
        #expect(android == ["\(old.trimmingCharacters(in: .whitespacesAndNewlines)).0"])
        let androidFile = release.appendingPathComponent("android/\(android[0])")
        let text = try String(contentsOf: androidFile, encoding: .utf8)
        #expect(text.hasPrefix(try String(contentsOf: root, encoding: .utf8)))
        #expect(text.contains("Certificate:\n") && text.contains("SHA1 Fingerprint="))
        try consume("openssl", ["x509", "-in", androidFile.path, "-noout"])
    }

    @Test func trustListShowsTheAnchorAndTheDistrustedCA() throws {
        // p11-kit reads a user's module configuration, never root's: the trust module is pointed at
        // a copy of the release's file by a private HOME, and run as nobody when the tests are root.
        let work = try TemporaryDirectory("vouch-p11kit")
        let source = work.file("trust-source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: release.appendingPathComponent("vouch-roots.p11-kit"),
            to: source.appendingPathComponent("vouch-roots.p11-kit")
        )
        try FileManager.default.createDirectory(
            at: work.file(".config/pkcs11/modules"),
            withIntermediateDirectories: true
        )
        try work.write(
            ".config/pkcs11/modules/p11-kit-trust.module",
            "module: p11-kit-trust.so\npriority: 1\ntrust-policy: yes\nx-init-reserved: paths=\(source.path)\n"
        )
        try FileManager.default.createDirectory(at: work.file("out"), withIntermediateDirectories: true)
        try ExternalTool.named("chmod").run(["-R", "a+rX", work.url.path])
        try ExternalTool.named("chmod").run(["a+w", work.file("out").path])
        let asRoot = getuid() == 0
        let result = try consume(
            asRoot ? "setpriv" : "trust",
            (asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", "trust"] : []) + ["list"],
            environment: ["HOME": work.url.path, "XDG_CONFIG_HOME": nil]
        )
        let blocks = result.output.components(separatedBy: "\n\n").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(blocks.count == 2, "the machine's own trust store leaked in: \(result.output)")
        #expect(
            blocks.contains { $0.contains("label: Bundle Test Root CA") && $0.contains("trust: anchor") },
            "\(result.output)"
        )
        #expect(
            blocks.contains { $0.contains("label: Bundle Test Code Signing CA") && $0.contains("trust: distrusted") },
            "\(result.output)"
        )
        #expect(!result.error.contains("p11-kit:"), "\(result.error)")
        // The anchor is limited to the purposes its CAs serve: p11-kit extracts it for TLS and
        // email, and no longer for code signing.
        for (purpose, expected) in [("server-auth", true), ("email", true), ("code-signing", false)] {
            try consume(
                asRoot ? "setpriv" : "trust",
                (asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", "trust"] : []) + [
                    "extract", "--format=pem-bundle", "--filter=ca-anchors", "--purpose=\(purpose)", "--overwrite",
                    work.file("out/\(purpose).pem").path,
                ],
                environment: ["HOME": work.url.path, "XDG_CONFIG_HOME": nil]
            )
            let pem = (try? String(contentsOf: work.file("out/\(purpose).pem"), encoding: .utf8)) ?? ""
            #expect(pem.contains("BEGIN CERTIFICATE") == expected, "\(purpose): \(pem)")
        }
    }

    @Test func keytoolListsATrustedCertEntry() throws {
        let listed = try consume(
            "keytool",
            [
                "-list", "-keystore", release.appendingPathComponent("vouch-roots.p12").path, "-storetype", "PKCS12",
                "-storepass", "changeit",
            ]
        )
        #expect(listed.output.contains("Your keystore contains 1 entry"), "\(listed.output)")
        #expect(
            listed.output.contains("bundle test root ca") && listed.output.contains("trustedCertEntry"),
            "\(listed.output)"
        )
    }

    @Test func opensslPrintsThePKCS7Certificates() throws {
        let printed = try consume(
            "openssl",
            ["pkcs7", "-inform", "DER", "-in", release.appendingPathComponent("vouch-roots.p7b").path, "-print_certs"]
        )
        #expect(
            printed.output.contains("subject=C = XX, O = Bundle Test, CN = Bundle Test Root CA"),
            "\(printed.output)"
        )
        #expect(printed.output.components(separatedBy: "BEGIN CERTIFICATE").count == 2)
    }

    @Test func checksumsAndTheirSignatureVerify() throws {
        let checked = try consume("sha256sum", ["-c", "--strict", "SHA256SUMS"], in: release)
        #expect(!checked.output.contains("FAILED"))
        let listed = try String(contentsOf: release.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        for name in [
            "vouch-roots.pem", "vouch-roots.p11-kit", "certdata.txt", "vouch-roots.p12", "vouch-roots.p7b", "CHANGES",
        ] {
            #expect(listed.contains("  \(name)\n"), "\(name) is not in SHA256SUMS")
        }
        // pkilint has no profile for a bundle signer: OpenSSL judges it, for any purpose, to the root.
        try consume(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "SHA256SUMS.sig", "-content", "SHA256SUMS",
                "-CAfile", root.path, "-purpose", "any", "-out", "/dev/null",
            ],
            in: release
        )
        let signer = try consume(
            "openssl",
            ["pkcs7", "-inform", "DER", "-in", "SHA256SUMS.sig", "-print_certs"],
            in: release
        )
        #expect(signer.output.contains("CN = Bundle Test Root Bundle Signer"), "\(signer.output)")
        let text = try consume("openssl", ["x509", "-noout", "-text"], input: signer.output)
        #expect(text.output.contains("1.3.6.1.4.1.32473.1.1.2.1"), "\(text.output)")
        #expect(text.output.contains("Digital Signature") && !text.output.contains("CA:TRUE"), "\(text.output)")
    }

    @Test func pythonAndCurlTrustTheServerThroughThePEMBundle() throws {
        let server = try TLSServer.shared.get()
        let bundle = release.appendingPathComponent("vouch-roots.pem").path
        try server.withRunningServer { port in
            let script = """
                import socket, ssl, sys
                context = ssl.create_default_context(cafile=sys.argv[1]) if sys.argv[1] else ssl.create_default_context()
                with socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=10) as raw:
                    with context.wrap_socket(raw, server_hostname=sys.argv[3]) as tls:
                        print(tls.version(), dict(tls.getpeercert()["subjectAltName"]))
                """
            let python = try consume("python3", ["-c", script, bundle, String(port), TLSServer.domain])
            #expect(python.output.contains("'DNS': '\(TLSServer.domain)'"), "\(python.output)")
            // Without the bundle the same client refuses the server: the trust came from it.
            let untrusted = try ExternalTool.named("python3").run(
                ["-c", script, "", String(port), TLSServer.domain],
                environment: isolated
            )
            #expect(
                !untrusted.succeeded && untrusted.error.contains("CERTIFICATE_VERIFY_FAILED"),
                "\(untrusted.transcript)"
            )

            let url = "https://\(TLSServer.domain):\(port)/"
            let curl = try consume(
                "curl",
                [
                    "--silent", "--show-error", "--noproxy", "*", "--cacert", bundle, "--resolve",
                    "\(TLSServer.domain):\(port):127.0.0.1", "--output", "/dev/null", "--write-out", "%{http_code}",
                    url,
                ]
            )
            #expect(curl.output == "200", "\(curl.transcript)")
        }
    }

    @Test func certdataIsWhatNSSAddbuiltinWrites() throws {
        let certdata = try String(contentsOf: release.appendingPathComponent("certdata.txt"), encoding: .utf8)
        #expect(certdata.contains("BEGINDATA\nCKA_CLASS CK_OBJECT_CLASS CKO_NSS_BUILTIN_ROOT_LIST\n"))
        let ours = Self.objects(certdata)
        // The root is trusted for TLS and email ("C,C,"): its code-signing CA is retired.
        let nss = try consume(
            "nss-addbuiltin",
            [
                "-n", "Bundle Test Root CA", "-t", "C,C,", "-i",
                release.appendingPathComponent("certs/Bundle_Test_Root_CA.cer").path,
            ]
        )
        #expect(Self.objects(nss.output) == ours.filter { $0.contains("\"Bundle Test Root CA\"") }, "\(nss.output)")
        // The retired CA was never in a release's certs/: NSS is given its DER from the registry copy.
        let retired = fixture.vouch.data.appendingPathComponent("ca/codesign.pem")
        try consume(
            "openssl",
            ["x509", "-in", retired.path, "-outform", "DER", "-out", fixture.directory.file("codesign.der").path]
        )
        let distrusted = try consume(
            "nss-addbuiltin",
            ["-n", "Bundle Test Code Signing CA", "-t", "p,p,p", "-i", fixture.directory.file("codesign.der").path]
        )
        #expect(Self.objects(distrusted.output) == ours.filter { $0.contains("\"Bundle Test Code Signing CA\"") })
        #expect(ours.count == 5)  // the root list, and a certificate and a trust object for each CA

        // Read back the way Debian's certdata2pem reads it: objects end at blank lines, trusted
        // for server auth means CKT_NSS_TRUSTED_DELEGATOR, and CKA_VALUE is the certificate.
        let reader = """
            import re, sys, base64, textwrap
            objects, obj, field, multiline = [], {}, None, False
            data = False
            for line in open(sys.argv[1], encoding="utf8"):
                if not data:
                    data = line.startswith("BEGINDATA"); continue
                if line.startswith("#"): continue
                if not line.strip():
                    if obj: objects.append(obj); obj = {}
                    continue
                if multiline:
                    if line.startswith("END"): multiline = False
                    else: obj[field] += bytes(int(o, 8) for o in re.findall(r"\\\\([0-3][0-7][0-7])", line))
                    continue
                parts = line.strip().split(" ", 2)
                field = parts[0]
                if parts[1] == "MULTILINE_OCTAL": multiline = True; obj[field] = b""
                else: obj[field] = parts[2] if len(parts) > 2 else None
            if obj: objects.append(obj)
            trusted = {o["CKA_LABEL"] for o in objects if o["CKA_CLASS"] == "CKO_NSS_TRUST" and o["CKA_TRUST_SERVER_AUTH"] == "CKT_NSS_TRUSTED_DELEGATOR"}
            for o in objects:
                if o["CKA_CLASS"] == "CKO_CERTIFICATE" and o["CKA_LABEL"] in trusted:
                    print("-----BEGIN CERTIFICATE-----")
                    print("\\n".join(textwrap.wrap(base64.b64encode(o["CKA_VALUE"]).decode(), 64)))
                    print("-----END CERTIFICATE-----")
            """
        let pems = try consume("python3", ["-c", reader, release.appendingPathComponent("certdata.txt").path])
        #expect(pems.output == (try String(contentsOf: root, encoding: .utf8)))
    }

    @Test func thePEMBundleHasCertifiHeaders() throws {
        let bundle = try String(contentsOf: release.appendingPathComponent("vouch-roots.pem"), encoding: .utf8)
        let serial = try consume("openssl", ["x509", "-in", root.path, "-noout", "-serial"]).output
        let decimal = try consume(
            "python3",
            [
                "-c", "import sys; print(int(sys.argv[1].split('=')[1], 16))",
                serial.trimmingCharacters(in: .whitespacesAndNewlines),
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let sha256 = try consume("openssl", ["x509", "-in", root.path, "-noout", "-fingerprint", "-sha256"]).output
        let expected = """

            # Issuer: CN=Bundle Test Root CA O=Bundle Test
            # Subject: CN=Bundle Test Root CA O=Bundle Test
            # Label: "Bundle Test Root CA"
            # Serial: \(decimal)

            """
        #expect(bundle.hasPrefix(expected), "\(bundle)")
        let fingerprint = sha256.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        #expect(bundle.contains("# SHA256 Fingerprint: \(fingerprint)\n-----BEGIN CERTIFICATE-----"))
        #expect(bundle.contains("# MD5 Fingerprint: ") && bundle.contains("# SHA1 Fingerprint: "))
        #expect(!bundle.contains("Code Signing CA"))
    }

    /// The data lines of each certdata object (comments and blank lines are layout).
    static func objects(_ text: String) -> [String] {
        let body = text.components(separatedBy: "BEGINDATA\n").last ?? text
        return body.components(separatedBy: "\n\n").map { block in
            block.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        }.filter { !$0.isEmpty }
    }
}
