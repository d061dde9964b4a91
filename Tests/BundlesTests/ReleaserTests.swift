import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import Bundles
@testable import PKI
@testable import Store

/// The release logic in-process: versions, a run killed half-way, and refusals.
@Suite struct ReleaserTests {
    static let passphrase = "releaser test passphrase"
    let directory: TemporaryDirectory
    let authority: CertificateAuthority

    init() throws {
        directory = try TemporaryDirectory("vouch-releaser")
        let configuration = try CAConfiguration(
            name: "Releaser Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            rootKey: .p384
        )
        authority = try KeyCeremony(
            directory: DataDirectory(directory.file("var")),
            configuration: configuration,
            passphrase: Self.passphrase,
            rootPassphrase: "releaser test root passphrase"
        ).perform()
    }

    private func releaser(_ epoch: TimeInterval) -> BundleReleaser {
        BundleReleaser(authority: authority, releaseTime: Date(timeIntervalSince1970: epoch))
    }

    @Test func versionsCountTheReleasesOfADay() {
        let day = Date(timeIntervalSince1970: 1_798_761_600)
        #expect(BundleReleaser.version(at: day, existing: []) == "vouch-roots-20270101")
        #expect(BundleReleaser.version(at: day, existing: ["vouch-roots-20270101"]) == "vouch-roots-20270101.2")
        #expect(
            BundleReleaser.version(at: day, existing: ["vouch-roots-20270101", "vouch-roots-20270101.2"])
                == "vouch-roots-20270101.3"
        )
        #expect(BundleReleaser.version(at: day, existing: ["vouch-roots-20261231"]) == "vouch-roots-20270101")
    }

    @Test func sourceDateEpochIsTheReleaseTime() throws {
        let now = Date(timeIntervalSince1970: 5)
        #expect(try BundleReleaser.releaseTime(now: now, environment: [:]) == now)
        #expect(
            try BundleReleaser.releaseTime(now: now, environment: ["SOURCE_DATE_EPOCH": "1798761600"])
                == Date(timeIntervalSince1970: 1_798_761_600)
        )
        #expect(throws: BundleError.self) {
            try BundleReleaser.releaseTime(now: now, environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        }
    }

    @Test func aReleaseLeftUnrecordedByAKilledRunIsReplaced() throws {
        let bundles = authority.directory.bundles
        // What a run killed before it recorded its release leaves: a staging directory, and a
        // release directory the registry does not know.
        for leftover in [".staging-vouch-roots-20270101-1", "vouch-roots-20270101"] {
            try FileManager.default.createDirectory(
                at: bundles.appendingPathComponent(leftover),
                withIntermediateDirectories: true
            )
            try Data("half".utf8).write(to: bundles.appendingPathComponent("\(leftover)/CHANGES"))
        }
        #expect(try releaser(1_798_761_600).isDue())
        guard case .released(let release, let folder) = try releaser(1_798_761_600).run() else {
            Issue.record("no release was made")
            return
        }
        #expect(release.version == "vouch-roots-20270101")
        #expect(
            try String(contentsOf: folder.appendingPathComponent("CHANGES"), encoding: .utf8).contains("First release.")
        )
        #expect(
            !FileManager.default.fileExists(
                atPath: bundles.appendingPathComponent(".staging-vouch-roots-20270101-1").path
            )
        )
        #expect(try !releaser(1_798_761_700).isDue())
        guard case .unchanged(let same) = try releaser(1_798_761_700).run() else {
            Issue.record("an unchanged set made a release")
            return
        }
        #expect(same.version == release.version)
        #expect(try authority.store.bundleReleases().count == 1)
    }

    @Test func aRootWithoutAnyCAIsRefusedAndSoIsASetWithoutRoots() throws {
        for name in ["tls", "smime", "codesign"] { try authority.retire(name, reason: "closing down") }
        #expect(throws: BundleError.self) { try releaser(1_798_761_600).run() }
        try authority.retire("root", reason: "closing down")
        #expect(throws: BundleError.self) { try releaser(1_798_761_600).run() }
        #expect(try authority.store.bundleReleases().isEmpty)
        #expect(
            !FileManager.default.fileExists(
                atPath: authority.directory.bundles.appendingPathComponent("vouch-roots-20270101").path
            )
        )
    }

    @Test func withoutThePassphraseNothingIsSigned() throws {
        let bare = try CertificateAuthority.open(authority.directory, passphrase: nil)
        #expect(throws: AuthorityError.self) { try BundleReleaser(authority: bare, releaseTime: Date()).run() }
        #expect(try authority.bundleSigner().certificate.extendedKeyUsages == ["1.3.6.1.4.1.32473.1.1.2.1"])
    }

    @Test func labelsAndFileNamesStayASCIIAndDistinct() throws {
        let set = try TrustSet(authority)
        #expect(set.anchors.map(\.fileStem) == ["Releaser_Test_Root_CA"])
        #expect(Set(set.intermediates.map(\.fileStem)).count == 3)
        #expect(set.intermediates.contains { $0.fileStem == "Releaser_Test_S_MIME_CA" })
        #expect(set.anchors[0].purposes == [.serverAuth, .emailProtection, .codeSigning])
    }
}
