import Foundation
import Testing
import VouchTestSupport

/// One `vouch demo` run per test process, shared by the suites that judge what it produced.
final class DemoRun: Sendable {
    let directory: TemporaryDirectory
    let vouch: VouchCLI
    let site: URL
    let firstRun: ExternalTool.Result

    static let shared = try! DemoRun()

    private init() throws {
        directory = try TemporaryDirectory("vouch-demo")
        vouch = VouchCLI(data: directory.file("var"))
        site = directory.file("site")
        firstRun = try vouch.run(["demo", "--out", site.path])
    }

    var data: URL { vouch.data }

    /// Every CRL the demo signed, by its path under crl/ (the root's ARL and each issuing CA's shards).
    var crlFiles: [String] {
        let root = data.appendingPathComponent("crl")
        let found = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".crl") }.sorted()
    }

    /// Rows of a query on the demo's database, through the sqlite3 shell.
    func query(_ sql: String, database: URL? = nil) throws -> [[String]] {
        let result = try ExternalTool.sqlite3.run(
            ["-separator", "|", (database ?? data.appendingPathComponent("vouch.sqlite")).path, sql])
        return result.output.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }
}

/// Judges every certificate and CRL of the demo with openssl and pkilint.
@Suite struct DemoOutputTests {
    let demo = DemoRun.shared

    private func lint(_ tool: String, _ arguments: [String], _ file: String) throws -> String {
        try ExternalTool.pkilintFindings(tool, arguments, file: file)
    }

    @Test func demoSucceeded() {
        #expect(demo.firstRun.succeeded, "\(demo.firstRun.transcript)")
        #expect(demo.firstRun.output.contains("revoked"))
    }

    @Test func everyIssuedCertificateLintsAndVerifiesUnlessRevoked() throws {
        let rows = try demo.query(
            "SELECT serial_hex, profile, revoked_at IS NOT NULL FROM certificates WHERE der IS NOT NULL"
        )
        #expect(rows.count == 8)
        #expect(Set(rows.map { $0[1] }) == ["smime", "tls", "codesign"])
        #expect(rows.filter { $0[2] == "1" }.count == 1)
        let ca = demo.data.appendingPathComponent("ca")
        let crls = demo.directory.file("crls.pem")
        var allCRLs = ""
        for path in demo.crlFiles {
            let converted = try ExternalTool.openssl.run(
                ["crl", "-inform", "DER", "-in", demo.data.appendingPathComponent("crl/\(path)").path])
            allCRLs += converted.output
        }
        try Data(allCRLs.utf8).write(to: crls)
        for row in rows {
            let (serial, profile, revoked) = (row[0], row[1], row[2] == "1")
            let file = demo.data.appendingPathComponent("certificates/\(serial).pem").path
            let issuing = ["smime": "smime", "tls": "tls", "codesign": "codesign"][profile]!
            switch profile {
            case "smime": #expect(try lint("lint_cabf_smime_cert", ["-t", "MAILBOX-STRICT"], file) == "")
            case "tls": #expect(try lint("lint_cabf_serverauth_cert", ["-t", "DV-FINAL-CERTIFICATE"], file) == "")
            default: #expect(try lint("lint_pkix_cert", [], file) == "")
            }
            let verify = try ExternalTool.openssl.run(
                [
                    "verify", "-x509_strict", "-CAfile", ca.appendingPathComponent("root.pem").path, "-untrusted",
                    ca.appendingPathComponent("\(issuing).pem").path, "-crl_check_all", "-CRLfile", crls.path, file,
                ],
                environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
            )
            if revoked {
                #expect(
                    !verify.succeeded && verify.transcript.contains("certificate revoked"),
                    "\(serial): \(verify.transcript)"
                )
            } else {
                #expect(verify.succeeded, "\(serial) \(profile): \(verify.transcript)")
            }
        }
    }

    @Test func caCertificatesLint() throws {
        let ca = demo.data.appendingPathComponent("ca")
        for name in ["root", "tls", "smime", "codesign"] {
            #expect(try lint("lint_pkix_cert", [], ca.appendingPathComponent("\(name).pem").path) == "", "\(name)")
        }
        #expect(
            try lint(
                "lint_cabf_serverauth_cert",
                ["-t", "INTERNAL-UNCONSTRAINED-TLS-CA"],
                ca.appendingPathComponent("tls.pem").path
            )
                == ""
        )
        // The Baseline Requirements' root profile, and their profile for CAs that issue no TLS certificates.
        #expect(
            try lint("lint_cabf_serverauth_cert", ["-t", "ROOT-CA"], ca.appendingPathComponent("root.pem").path) == ""
        )
        for name in ["smime", "codesign"] {
            #expect(
                try lint(
                    "lint_cabf_serverauth_cert",
                    ["-t", "NON-TLS-CA"],
                    ca.appendingPathComponent("\(name).pem").path
                ) == "",
                "\(name)"
            )
        }
    }

    @Test func everyCAPublishesItsShards() {
        let files = demo.crlFiles
        #expect(files.contains("root.crl"))
        for name in ["tls", "smime", "codesign"] {
            #expect((0..<16).allSatisfy { files.contains("\(name)/\($0).crl") }, "\(name): \(files)")
        }
    }

    @Test(arguments: ["root.crl", "tls/0.crl", "smime/7.crl", "codesign/15.crl"])
    func crlLintsAndVerifies(path: String) throws {
        let name = String(path.split(separator: "/")[0].split(separator: ".")[0])
        let file = demo.data.appendingPathComponent("crl/\(path)").path
        let type = name == "root" ? "ARL" : "CRL"
        #expect(try lint("lint_crl", ["-t", type, "-p", "BR", "--document-format", "DER"], file) == "")
        let verify = try ExternalTool.openssl.run(
            [
                "crl", "-inform", "DER", "-in", file, "-noout", "-verify", "-CAfile",
                demo.data.appendingPathComponent("ca/\(name).pem").path,
            ])
        #expect(verify.succeeded && verify.error.contains("verify OK"), "\(verify.transcript)")
        let text = try ExternalTool.openssl.run(["crl", "-inform", "DER", "-in", file, "-noout", "-text"]).output
        #expect(!text.contains("Unspecified"))
        #expect(text.contains("X509v3 CRL Number"))
    }

    @Test func siteHasDownloadsAndNoDateOfBirth() throws {
        let expected =
            ["index.html", "ca/root.pem", "ca/root.der", "ca/root.txt", "ca/fingerprints.txt", "crl/root.crl"]
            + ["tls", "smime", "codesign"].flatMap { ["ca/\($0).pem", "ca/\($0).der"] }
        for path in expected {
            #expect(FileManager.default.fileExists(atPath: demo.site.appendingPathComponent(path).path), "\(path)")
        }
        let births = try demo.query("SELECT date_of_birth FROM members").map { $0[0] }
        #expect(births.count == 5)
        let enumerator = FileManager.default.enumerator(at: demo.site, includingPropertiesForKeys: nil)!
        for case let file as URL in enumerator where !file.hasDirectoryPath {
            let text = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
            for birth in births { #expect(!text.contains(birth), "\(file.lastPathComponent) shows a date of birth") }
        }
        let fingerprints = try String(
            contentsOf: demo.site.appendingPathComponent("ca/fingerprints.txt"),
            encoding: .utf8
        )
        let digest = try ExternalTool.openssl.run(
            ["x509", "-in", demo.data.appendingPathComponent("ca/root.pem").path, "-noout", "-fingerprint", "-sha256"])
        let hex = digest.output.split(separator: "=").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fingerprints.contains(hex))
    }

    @Test func siteRebuildIsIncremental() throws {
        let rebuilt = try demo.vouch.run(["site", "build", "--out", demo.site.path])
        #expect(rebuilt.succeeded, "\(rebuilt.transcript)")
        #expect(rebuilt.output.hasPrefix("site: 0 written,"), "\(rebuilt.output)")
    }

    @Test func memberPagesAreUnlistedAndPrivate() throws {
        let ids = try demo.query("SELECT status_page_id FROM members").map { $0[0] }
        #expect(ids.count == 5)
        for id in ids {
            let page = try String(contentsOf: demo.site.appendingPathComponent("members/\(id).html"), encoding: .utf8)
            #expect(page.contains("noindex"))
        }
        let robots = try String(contentsOf: demo.site.appendingPathComponent("robots.txt"), encoding: .utf8)
        #expect(robots.contains("Disallow: /members/"))
        // No listing page links to a member page.
        let index = try String(contentsOf: demo.site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("members/"))
    }

    @Test func memberShowReportsPointsWithoutDateOfBirth() throws {
        let shown = try demo.vouch.run(["member", "show", "alice@example.org", "--json"])
        #expect(shown.succeeded, "\(shown.transcript)")
        let json = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as! [String: Any]
        let points = json["points"] as! [String: Any]
        #expect(points["assurance"] as? Int == 100)
        #expect((json["privileges"] as! [String: Any])["profiles"] as? [String] == ["codesign", "smime", "tls"])
        #expect((json["certificates"] as! [Any]).count == 3)
        #expect((json["assurancesReceived"] as! [Any]).count == 3)
        #expect(!shown.output.contains("1980-04-01"))

        let text = try demo.vouch.run(["member", "show", "bob@example.net"])
        #expect(text.succeeded && text.output.contains("REVOKED"), "\(text.transcript)")

        let unknown = try demo.vouch.run(["member", "show", "nobody@example.org"])
        #expect(unknown.status != 0 && unknown.error.contains("no member"), "\(unknown.transcript)")
    }
}
