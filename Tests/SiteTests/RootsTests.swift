import Foundation
import PKI
import Testing
import VouchTestSupport

/// The roots page and the CRL files: flat (`crl/tls.crl`) and sharded (`crl/tls/0.crl`) layouts.
@Suite struct RootsTests {
    @Test func everyCRLIsCopiedListedAndNamedInCRLURLs() throws {
        let harness = try SiteHarness()
        // Today's sharded layout, and beside it a flat CRL of the kind a CA kept for certificates issued
        // before its CRLs were sharded.
        let crl = harness.data.appendingPathComponent("crl")
        for name in ["tls", "smime", "codesign"] {
            try FileManager.default.copyItem(
                at: crl.appendingPathComponent("\(name)/0.crl"),
                to: crl.appendingPathComponent("\(name).crl")
            )
        }
        try harness.build()
        for path in ["root.crl", "tls.crl", "smime.crl", "codesign.crl", "tls/0.crl", "tls/1.crl", "tls/10.crl"] {
            let published = try Data(contentsOf: harness.site.appendingPathComponent("crl/\(path)"))
            #expect(published == (try Data(contentsOf: crl.appendingPathComponent(path))), "\(path)")
        }
        let urls =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: harness.site.appendingPathComponent("crl-urls.json"))
            ) as? [String]
        let shards = ["codesign", "smime", "tls"].flatMap { name in (0..<16).map { "\(name)/\($0).crl" } }
        let expected = (["codesign.crl", "root.crl", "smime.crl", "tls.crl"] + shards)
            .map { "http://ca.example.org/crl/\($0)" }.sorted()
        #expect(urls == expected)
        let roots = try harness.page("roots.html")
        for path in ["tls/0.crl", "tls/10.crl", "root.crl"] { #expect(roots.contains(#"href="crl/\#(path)""#)) }
        let tls = try CertificateRevocationList(der: Array(try Data(contentsOf: crl.appendingPathComponent("tls.crl"))))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        #expect(roots.contains(formatter.string(from: try #require(tls.nextUpdate))))
        #expect(roots.contains(formatter.string(from: tls.thisUpdate)))
    }

    @Test func rootsPageHasEveryCAWithFingerprintsAndDownloads() throws {
        let harness = try SiteHarness()
        try harness.build()
        let roots = try harness.page("roots.html")
        for name in ["root", "tls", "smime", "codesign"] {
            let certificate = try Certificate(
                pem: String(contentsOf: harness.data.appendingPathComponent("ca/\(name).pem"), encoding: .utf8)
            )
            #expect(roots.contains(try certificate.sha256Fingerprint.colonHex), "\(name)")
            #expect(roots.contains(try certificate.sha1Fingerprint.colonHex), "\(name)")
            for suffix in ["pem", "der", "txt"] {
                #expect(roots.contains(#"href="ca/\#(name).\#(suffix)""#))
                #expect(
                    FileManager.default.fileExists(
                        atPath: harness.site.appendingPathComponent("ca/\(name).\(suffix)").path
                    )
                )
            }
        }
        #expect(roots.contains("EC secp384r1") || roots.contains("EC P-384") || roots.contains("EC "))
    }
}
