import Foundation
import Testing
import VouchTestSupport

/// The demo's site judged by the Nu Html Checker (every page and the stylesheet), LinkChecker
/// (every internal link and anchor) and headless Chromium (screenshots at desktop and phone
/// widths: not blank, the right title, no console or network error): `scripts/check-site.sh`.
@Suite struct RealToolsTests {
    @Test func validatorLinkCheckerAndBrowserPass() throws {
        let demo = DemoSite.shared
        #expect(demo.run.succeeded, "\(demo.run.transcript)")
        let member = try #require(try demo.statusPageIDs().first)
        let german = try #require(try demo.statusPageID(of: "heidi@example.net"))
        let shots = try TemporaryDirectory("vouch-shots")
        let result = try ExternalTool(RepositoryPaths.root.appendingPathComponent("scripts/check-site.sh")).run(
            [
                demo.site.path, "index.html::Vouch Demo", "roots.html::Root and issuing certificates",
                "policies/cp.html::Certificate Policy", "members/\(member).html::Your status",
                "statistics.html::Statistics", "de/index.html::Vouch Demo",
                "de/policies/cp.html::Zertifizierungsrichtlinie", "de/roots.html::Wurzel",
                "members/\(german).html::Ihr Status",
            ],
            environment: ["OUT": shots.url.path, "VENV": RepositoryPaths.virtualenv.path]
        )
        #expect(result.succeeded, "\(result.transcript)")
        #expect(result.output.contains("3 passed, 0 failed"), "\(result.transcript)")
        #expect(result.output.contains("pages: 18 ok, 0 with errors"), "\(result.transcript)")
        #expect(result.output.contains("0 warnings found. 0 errors found."), "\(result.transcript)")
    }

    @Test func demoProducesTheFullSite() throws {
        let demo = DemoSite.shared
        #expect(demo.run.succeeded, "\(demo.run.transcript)")
        let expected = [
            "index.html", "roots.html", "statistics.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml",
            "style.css", "crl-urls.json", "members/index.html", "policies/index.html", "policies/cp.html",
            "policies/cp-1.0.html", "policies/cps.html", "policies/agreement.html", "policies/assurance.html",
            "policies/privacy.html", "policies/disputes.html", "policies/root-licence.html", "help/index.html",
            "help/join.html", "help/verify.html", "help/csr.html", "help/install.html", "help/assurer-handbook.html",
            "news/index.html", "ca/root.pem", "ca/root.der", "ca/root.txt", "ca/fingerprints.txt", "crl/root.crl",
            "crl/tls/0.crl", "crl/smime/15.crl", "crl/codesign/7.crl", "audit/latest.json", "audit/latest.json.p7s",
        ]
        for path in expected {
            #expect(FileManager.default.fileExists(atPath: demo.site.appendingPathComponent(path).path), "\(path)")
        }
        for id in try demo.statusPageIDs() {
            #expect(FileManager.default.fileExists(atPath: demo.site.appendingPathComponent("members/\(id).html").path))
        }
    }
}
