import Foundation
import Testing
import VouchTestSupport

/// `vouch demo` publishes a root-bundle release into the site (issue 10).
@Suite struct DemoBundlesTests {
    let demo = DemoRun.shared

    @Test func theDemoPublishesASignedRelease() throws {
        #expect(demo.firstRun.output.contains("root bundle vouch-roots-"), "\(demo.firstRun.output)")
        let bundles = demo.site.appendingPathComponent("bundles")
        let data = try Data(contentsOf: bundles.appendingPathComponent("latest.json"))
        let latest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let version = try #require(latest["version"] as? String)
        let release = bundles.appendingPathComponent(version)
        for name in ["vouch-roots.pem", "vouch-roots.p11-kit", "certdata.txt", "vouch-roots.p12", "\(version).tar.gz"] {
            #expect(FileManager.default.fileExists(atPath: release.appendingPathComponent(name).path), "\(name)")
        }
        let sums = try ExternalTool.named("sha256sum").run(["-c", "--quiet", "SHA256SUMS"], in: release)
        #expect(sums.succeeded, "\(sums.transcript)")
        let verified = try ExternalTool.openssl.run(
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "SHA256SUMS.sig", "-content", "SHA256SUMS",
                "-CAfile", demo.site.appendingPathComponent("ca/root.pem").path, "-purpose", "any", "-out", "/dev/null",
            ],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil],
            in: release
        )
        #expect(verified.succeeded, "\(verified.transcript)")
        // The data directory keeps the canonical copy the site was published from.
        let kept = demo.data.appendingPathComponent("bundles/\(version)/\(version).tar.gz")
        #expect(try Data(contentsOf: kept) == Data(contentsOf: release.appendingPathComponent("\(version).tar.gz")))
    }
}
