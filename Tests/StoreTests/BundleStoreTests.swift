import Foundation
import Testing

@testable import Store

@Suite("Root bundles in the registry")
struct BundleStoreTests {
    let database: TestDatabase

    init() throws { database = try TestDatabase() }

    private func addCA(_ name: String, _ role: CARole) throws -> IssuingCA {
        try database.store.addIssuingCA(
            name: name,
            purpose: role,
            certificateDER: Data([0x30, 0x00]),
            keyPath: "\(name).key.pem"
        )
    }

    @Test func aCAIsRetiredOnceWithItsReason() throws {
        let tls = try addCA("tls", .tls)
        let retired = try database.store.retireCA(named: "tls", reason: "  key moved to new hardware ")
        #expect(retired.caID == tls.id && retired.reason == "key moved to new hardware")
        #expect(try database.store.retiredCAs() == [retired])
        #expect(throws: StoreError(.alreadyRetired, "the tls CA is already retired")) {
            try database.store.retireCA(named: "tls", reason: "again")
        }
        #expect(throws: StoreError(.unknownIssuer, "there is no CA named nope")) {
            try database.store.retireCA(named: "nope", reason: "whatever")
        }
        #expect(throws: StoreError.self) { try database.store.retireCA(named: "tls", reason: " ") }
        var actions: [String] = []
        try database.store.forEachAuditEntry { actions.append($0.action) }
        #expect(actions.filter { $0 == "ca.retire" }.count == 1)
    }

    @Test func aBundleSignerIsRecordedBeforeItIsSigned() throws {
        #expect(try database.store.currentBundleSigner() == nil)
        let reserved = try database.store.reserveBundleSigner(serialHex: "0a0b", keyPath: "bundle-signer.key.pem")
        #expect(reserved.certificateDER == nil)
        #expect(try database.store.currentBundleSigner() == nil)
        #expect(throws: StoreError.self) {
            try database.store.reserveBundleSigner(serialHex: "0a0b", keyPath: "other.key.pem")
        }
        let signed = try database.store.completeBundleSigner(id: reserved.id, certificateDER: Data([0x30, 0x01]))
        #expect(try database.store.currentBundleSigner() == signed)
        #expect(throws: StoreError.self) {
            try database.store.completeBundleSigner(id: reserved.id, certificateDER: Data([0x30, 0x02]))
        }
        let newer = try database.store.reserveBundleSigner(serialHex: "0c", keyPath: "bundle-signer.key.pem")
        try database.store.completeBundleSigner(id: newer.id, certificateDER: Data([0x30, 0x03]))
        #expect(try database.store.currentBundleSigner()?.id == newer.id)
    }

    @Test func releasesAreRecordedOncePerVersionInOrder() throws {
        let digest = String(repeating: "ab", count: 32)
        let when = Date(timeIntervalSince1970: 1_767_225_600)
        let first = try database.store.recordBundleRelease(
            .init(
                version: "vouch-roots-20260101",
                releasedAt: when,
                inputs: "a\n",
                changes: "first",
                tarballSHA256: digest
            )
        )
        #expect(first.inputsSHA256 == SHA256.hexDigest(Data("a\n".utf8)))
        #expect(first.releasedAt == when)
        #expect(throws: StoreError.self) {
            try database.store.recordBundleRelease(
                .init(
                    version: "vouch-roots-20260101",
                    releasedAt: when,
                    inputs: "b\n",
                    changes: "",
                    tarballSHA256: digest
                )
            )
        }
        let second = try database.store.recordBundleRelease(
            .init(
                version: "vouch-roots-20260101.1",
                releasedAt: when,
                inputs: "b\n",
                changes: "",
                tarballSHA256: digest
            )
        )
        #expect(try database.store.bundleReleases().map(\.version) == [first.version, second.version])
        #expect(try database.store.latestBundleRelease() == second)
        #expect(try database.store.verifyAuditChain() == .ok(rows: 2))
    }
}
