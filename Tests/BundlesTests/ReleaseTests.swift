import Foundation
import Testing
import VouchTestSupport

/// Releases as a packager sees them: reproducible, versioned, kept, announced, and made only
/// when the CA set or its trust changed.
@Suite struct ReleaseTests {
    let fixture = ReleaseFixture.shared

    @Test func twoBuildsFromTheSameInputsAreByteIdentical() throws {
        let name = "\(ReleaseFixture.first).tar.gz"
        let ours = try Data(contentsOf: fixture.release(ReleaseFixture.first).appendingPathComponent(name))
        let theirs = try Data(
            contentsOf: fixture.twin.data.appendingPathComponent("bundles/\(ReleaseFixture.first)/\(name)")
        )
        #expect(ours == theirs, "the tarballs differ")
        let twinTree = try ReleaseFixture.tree(fixture.twin.data.appendingPathComponent("bundles"))
        let ourTree = try ReleaseFixture.tree(fixture.bundles).filter { !$0.key.hasPrefix(ReleaseFixture.second) }
        #expect(Set(twinTree.keys) == Set(ourTree.keys.filter { twinTree[$0] != nil }))
        for (path, data) in twinTree where path.hasPrefix(ReleaseFixture.first) {
            #expect(ourTree[path] == data, "\(path) differs")
        }
    }

    @Test func theTarballIsSortedOwnedByRootAndDatedBySourceDateEpoch() throws {
        let release = fixture.latest
        let tarball = release.appendingPathComponent("\(ReleaseFixture.second).tar.gz")
        let raw = try Data(contentsOf: tarball)
        #expect(raw.prefix(10) == Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]), "gzip with a name or a time")
        try consume("gzip", ["-t", tarball.path])
        let listing = try consume(
            "tar",
            ["--list", "--verbose", "--numeric-owner", "--full-time", "-z", "-f", tarball.path]
        )
        let lines = listing.output.split(separator: "\n")
        let names = lines.map { String($0.split(separator: " ", omittingEmptySubsequences: true).last!) }
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(names)")
        #expect(names.first == "\(ReleaseFixture.second)/")
        for line in lines {
            #expect(line.contains(" 0/0 "), "\(line)")
            #expect(line.contains("2027-01-01 01:00:00"), "\(line)")
        }
        let unpacked = try TemporaryDirectory("vouch-untar")
        try consume("tar", ["-x", "-z", "-f", tarball.path, "-C", unpacked.url.path])
        var expected = try ReleaseFixture.tree(release)
        expected["\(ReleaseFixture.second).tar.gz"] = nil
        #expect(try ReleaseFixture.tree(unpacked.url.appendingPathComponent(ReleaseFixture.second)) == expected)
    }

    @Test func aRetiredCAMakesANewReleaseWhoseChangesSaySo() throws {
        let changes = try String(contentsOf: fixture.latest.appendingPathComponent("CHANGES"), encoding: .utf8)
            .replacingOccurrences(of: "\n    ", with: " ")
        #expect(
            changes.hasPrefix(
                "\(ReleaseFixture.second) (2027-01-01T01:00:00Z)\n  * Retired \"Bundle Test Code Signing CA\""
            )
        )
        #expect(changes.contains("Reason: \(ReleaseFixture.retirementReason)."))
        #expect(changes.contains("Trust of \"Bundle Test Root CA\""))
        #expect(changes.contains("\(ReleaseFixture.first) (2027-01-01T00:00:00Z)\n  * First release."))
        // The earlier release is kept as it was.
        let first = try String(
            contentsOf: fixture.release(ReleaseFixture.first).appendingPathComponent("CHANGES"),
            encoding: .utf8
        )
        #expect(first.hasPrefix("\(ReleaseFixture.first) ") && !first.contains("Retired"))
        let firstP11 = try String(
            contentsOf: fixture.release(ReleaseFixture.first).appendingPathComponent("vouch-roots.p11-kit"),
            encoding: .utf8
        )
        #expect(!firstP11.contains("x-distrusted: true"))
        let latestP11 = try String(
            contentsOf: fixture.latest.appendingPathComponent("vouch-roots.p11-kit"),
            encoding: .utf8
        )
        #expect(latestP11.contains("label: \"Bundle Test Code Signing CA\"\nx-distrusted: true"))
        #expect(
            !FileManager.default.fileExists(
                atPath: fixture.latest.appendingPathComponent("intermediates/Bundle_Test_Code_Signing_CA.crt").path
            )
        )
    }

    @Test func theFeedAndLatestJSONShowEveryRelease() throws {
        let feed = try String(contentsOf: fixture.bundles.appendingPathComponent("feed.atom"), encoding: .utf8)
        #expect(feed.components(separatedBy: "<entry>").count == 3)
        #expect(feed.contains("<id>https://ca.example.org/bundles/\(ReleaseFixture.second)/</id>"))
        #expect(feed.contains("<updated>2027-01-01T01:00:00Z</updated>"))
        try consume(
            "python3",
            [
                "-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])",
                fixture.bundles.appendingPathComponent("feed.atom").path,
            ]
        )

        let data = try Data(contentsOf: fixture.bundles.appendingPathComponent("latest.json"))
        let latest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(latest["version"] as? String == ReleaseFixture.second)
        #expect(latest["releases"] as? [String] == [ReleaseFixture.second, ReleaseFixture.first])
        let tarball = try #require(latest["tarball"] as? [String: String])
        #expect(
            tarball["url"] == "https://ca.example.org/bundles/\(ReleaseFixture.second)/\(ReleaseFixture.second).tar.gz"
        )
        let files = try #require(latest["files"] as? [[String: String]])
        let sums = try consume("sha256sum", ["\(ReleaseFixture.second).tar.gz", "vouch-roots.pem"], in: fixture.latest)
            .output
        for file in files where ["\(ReleaseFixture.second).tar.gz", "vouch-roots.pem"].contains(file["path"]) {
            #expect(sums.contains("\(file["sha256"]!)  \(file["path"]!)"))
        }
        #expect(tarball["sha256"] == files.first { $0["path"] == "\(ReleaseFixture.second).tar.gz" }?["sha256"])
        let page = try String(contentsOf: fixture.bundles.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("<a href=\"\(ReleaseFixture.second)/\(ReleaseFixture.second).tar.gz\">"))
        #expect(page.contains("<a href=\"\(ReleaseFixture.first)/\">"))
    }

    @Test func anUnchangedSetMakesNoRelease() throws {
        let third = try #require(fixture.runs["third"])
        #expect(third.output.contains("unchanged since \(ReleaseFixture.second)"), "\(third.transcript)")
        let before = try ReleaseFixture.modificationTimes(fixture.bundles)
        let again = try fixture.vouch.run(["jobs", "run", "bundles", "--verbose"])
        #expect(
            again.succeeded && again.output.contains("bundles: unchanged since \(ReleaseFixture.second)"),
            "\(again.transcript)"
        )
        let after = try ReleaseFixture.modificationTimes(fixture.bundles)
        #expect(after == before, "\(after.filter { before[$0.key] != $0.value }.keys.sorted())")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.bundles.path).sorted()
        #expect(names == ["feed.atom", "index.html", "latest.json", ReleaseFixture.first, ReleaseFixture.second])
    }

    @Test func theSiteBuildPublishesTheReleasesAndRewritesNothingUnchanged() throws {
        let site = try TemporaryDirectory("vouch-bundles-site")
        let built = try fixture.vouch.run(["site", "build", "--out", site.url.path])
        #expect(built.succeeded, "\(built.transcript)")
        let published = site.url.appendingPathComponent("bundles")
        #expect(try ReleaseFixture.tree(published) == ReleaseFixture.tree(fixture.bundles))
        // Files only: the site's atomic swap stages a fresh tree of folders (whose times change), with
        // every unchanged file hard-linked, untouched, into it.
        func files(_ times: [String: Date]) -> [String: Date] {
            times.filter { entry in
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(
                    atPath: published.appendingPathComponent(entry.key).path,
                    isDirectory: &isDirectory
                )
                return !isDirectory.boolValue
            }
        }
        let before = files(try ReleaseFixture.modificationTimes(published))
        Thread.sleep(forTimeInterval: 1.1)
        let second = try fixture.vouch.run(["site", "build", "--out", site.url.path])
        #expect(second.succeeded, "\(second.transcript)")
        let after = files(try ReleaseFixture.modificationTimes(published))
        #expect(
            !after.isEmpty && after == before,
            "\(second.output) \(after.filter { before[$0.key] != $0.value }.keys.sorted())"
        )
    }

    @Test func retiringRefusesUnknownAndRepeatedCAs() throws {
        let unknown = try fixture.vouch.run(["ca", "retire", "nope", "--reason", "x"])
        #expect(!unknown.succeeded && unknown.error.contains("there is no CA named nope"), "\(unknown.transcript)")
        let again = try fixture.vouch.run(["ca", "retire", "codesign", "--reason", "again"])
        #expect(!again.succeeded && again.error.contains("already retired"), "\(again.transcript)")
    }
}

/// `vouch init --bundle-signer --root-key FILE`, on a CA of its own.
@Suite struct BundleSignerCommandTests {
    static let passphrase = "signer test passphrase"

    @Test func addsASignerWithTheRootKeyAndItsOwnPassphrase() throws {
        let directory = try TemporaryDirectory("vouch-signer")
        let vouch = VouchCLI(data: directory.file("var"), environment: ["VOUCH_PASSPHRASE": Self.passphrase])
        let made = try vouch.run(
            [
                "init", "--name", "Signer Test", "--mail-domain", "ca.example.org", "--base-url",
                "https://ca.example.org", "--root-key", "p384", "--root-key-out", directory.file("root.key.pem").path,
            ],
            environment: ["VOUCH_ROOT_PASSPHRASE": "root only passphrase"]
        )
        #expect(made.succeeded, "\(made.transcript)")
        // The operator brings back the offline root key, which has its own passphrase.
        let offline = directory.file("root.key.pem").path
        let missing = try vouch.run(["init", "--bundle-signer", "--root-key", offline])
        #expect(!missing.succeeded && missing.error.contains("VOUCH_ROOT_PASSPHRASE"), "\(missing.transcript)")
        let wrong = try vouch.run(
            ["init", "--bundle-signer", "--root-key", offline],
            environment: ["VOUCH_ROOT_PASSPHRASE": Self.passphrase]
        )
        #expect(!wrong.succeeded && wrong.error.contains("wrong passphrase"), "\(wrong.transcript)")
        let passphraseFile = try directory.write("root-passphrase", "root only passphrase\n")
        let added = try vouch.run([
            "init", "--bundle-signer", "--root-key", offline, "--root-passphrase-file", passphraseFile,
        ])
        #expect(added.succeeded && added.output.contains("bundle signer"), "\(added.transcript)")
        let keys = try FileManager.default.contentsOfDirectory(atPath: vouch.data.appendingPathComponent("keys").path)
        #expect(keys.filter { $0.hasPrefix("bundle-signer-") }.count == 2, "\(keys)")

        let rootPEM = vouch.data.appendingPathComponent("ca/root.pem").path
        let signer = vouch.data.appendingPathComponent("ca/bundle-signer.pem").path
        try consume("openssl", ["verify", "-no-CApath", "-no-CAstore", "-CAfile", rootPEM, "-purpose", "any", signer])
        let text = try consume("openssl", ["x509", "-in", signer, "-noout", "-serial"]).output.lowercased()
        #expect(
            added.output.contains(String(text.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines)))
        )

        let built = try vouch.run(["bundles", "build"])
        #expect(built.succeeded, "\(built.transcript)")
        let releases = vouch.data.appendingPathComponent("bundles")
        let version = try #require(
            try FileManager.default.contentsOfDirectory(atPath: releases.path).first { $0.hasPrefix("vouch-roots-") }
        )
        try consume(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "SHA256SUMS.sig", "-content", "SHA256SUMS",
                "-CAfile", rootPEM, "-purpose", "any", "-certfile", signer, "-out", "/dev/null",
            ],
            in: releases.appendingPathComponent(version)
        )
        // Signed by the newest signer, whose certificate travels in the signature.
        let signedBy = try consume(
            "openssl",
            ["pkcs7", "-inform", "DER", "-in", "SHA256SUMS.sig", "-print_certs"],
            in: releases.appendingPathComponent(version)
        )
        #expect(signedBy.output.contains(try String(contentsOfFile: signer, encoding: .utf8)))
        let withoutPassphrase = try vouch.run(["bundles", "build"], environment: ["VOUCH_PASSPHRASE": nil])
        #expect(
            withoutPassphrase.succeeded && withoutPassphrase.output.contains("unchanged"),
            "\(withoutPassphrase.transcript)"
        )
    }
}
