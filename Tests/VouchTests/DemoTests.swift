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
        #expect(rows.count == 9)
        #expect(Set(rows.map { $0[1] }) == ["smime", "smime-individual", "tls", "codesign"])
        // Bob's superseded S/MIME certificate, and Erin's named one after the arbitration ruling.
        #expect(rows.filter { $0[2] == "1" }.count == 2)
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
            let issuing = ["smime": "smime", "smime-individual": "smime", "tls": "tls", "codesign": "codesign"][
                profile
            ]!
            switch profile {
            case "smime": #expect(try lint("lint_cabf_smime_cert", ["-t", "MAILBOX-STRICT"], file) == "")
            case "smime-individual":
                #expect(try lint("lint_cabf_smime_cert", ["-t", "INDIVIDUAL-STRICT"], file) == "")
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
        #expect(births.count == 32)
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
        #expect(ids.count == 32)
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

    private func report(_ email: String) throws -> [String: Any] {
        let shown = try demo.vouch.run(["member", "show", email, "--json"])
        #expect(shown.succeeded, "\(shown.transcript)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
    }

    @Test func theCommunityGrewByMailUnderTheRules() throws {
        func points(_ email: String) throws -> (Int, Int, Int) {
            let points = try #require(try report(email)["points"] as? [String: Any])
            return (
                points["assurance"] as? Int ?? -1, points["experience"] as? Int ?? -1, points["total"] as? Int ?? -1
            )
        }
        func isAssurer(_ email: String) throws -> Bool {
            (try report(email)["privileges"] as? [String: Any])?["isAssurer"] as? Bool ?? false
        }
        // Members at 0, 35, 50, 100 and 150 points; assurers with different experience.
        #expect(try points("frank@example.net").2 == 0)
        #expect(try points("grace@example.org").0 == 35)
        #expect(try points("kim@example.org").0 == 50)
        #expect(try points("dave@example.org").0 == 100)
        #expect(try points("alice@example.org") == (100, 50, 150))
        let experience = try ["alice@example.org", "bob@example.net", "carol@example.com"].map { try points($0).1 }
        #expect(Set(experience).count == 3, "\(experience)")
        // Every newcomer at the meetups was assured under the award table: the first by three
        // founders at 10 points each (two of them signed the same text, which is no replay).
        #expect(try points("lena.sample@members.example.org").0 == 30)
        // A passed challenge and a failed one, both taken by mail.
        #expect(try isAssurer("carol@example.com") && !(try isAssurer("dave@example.org")))
        let graded = try demo.query(
            "SELECT m.primary_email, c.passed FROM challenge_attempts c JOIN members m ON m.id = c.member_id WHERE c.graded_at IS NOT NULL ORDER BY m.id"
        )
        #expect(
            graded.contains(["dave@example.org", "0"]) && graded.contains(["alice@example.org", "1"]),
            "\(graded)"
        )
        // A TTP assurance, and a minor assured after consent.
        let heidi = try #require(try report("heidi@example.net")["assurancesReceived"] as? [[String: Any]])
        #expect(heidi.map { $0["method"] as? String } == ["ttpAssisted"])
        let ivan = try report("ivan@example.com")
        #expect(ivan["isMinor"] as? Bool == true && (ivan["points"] as? [String: Any])?["assurance"] as? Int == 10)
        #expect(
            try demo.query(
                "SELECT parental_consent_at IS NOT NULL FROM members WHERE primary_email = 'ivan@example.com'"
            ) == [["1"]]
        )
        // The revoked assurance: Erin's points before and after, her named certificate withdrawn.
        let erin = try report("erin@example.com")
        let revoked = try #require(
            (erin["assurancesReceived"] as? [[String: Any]])?.first { $0["revoked"] as? Bool == true }
        )
        #expect(revoked["pointsBefore"] as? Int == 50 && revoked["pointsAfter"] as? Int == 35)
        let named = try #require(
            (erin["certificates"] as? [[String: Any]])?.first { $0["profile"] as? String == "smime-individual" }
        )
        #expect(named["reason"] as? String == "privilegeWithdrawn")
        // Driven by the robot's mail: every assurance of the meetups came through assure@.
        let mailed = try demo.query("SELECT count(*) FROM requests WHERE kind = 'assure' AND state = 'done'")
        #expect(Int(mailed.first?.first ?? "") == 42, "\(mailed)")
        #expect(try demo.query("SELECT count(*) FROM requests WHERE kind = 'assure' AND state = 'rejected'") == [["0"]])
    }
}
