import Foundation
import Testing

@testable import Store

@Suite("Issuing CAs, certificates and CRL numbers")
struct CertificateTests {
    private static let spki = String(repeating: "ab", count: 32)

    private func issuer(_ store: Store, _ name: String = "Vouch TLS CA 1") throws -> IssuingCA {
        try store.addIssuingCA(name: name, purpose: .tls, certificateDER: Data([0x30, 0x03]), keyPath: "keys/tls.key")
    }

    private func certificate(issuer: Int64, serial: String, member: Int64? = nil) -> NewCertificate {
        NewCertificate(
            issuerID: issuer,
            serialHex: serial,
            profile: "tls",
            subject: "CN=www.example.org",
            subjectAltNames: ["dns:www.example.org", "dns:example.org"],
            notBefore: Date(timeIntervalSince1970: 1_750_000_000),
            notAfter: Date(timeIntervalSince1970: 1_767_000_000),
            spkiSHA256: Self.spki,
            memberID: member
        )
    }

    @Test func crlNumbersStrictlyIncreasePerIssuer() throws {
        let database = try TestDatabase()
        let tls = try issuer(database.store)
        let smime = try issuer(database.store, "Vouch S/MIME CA 1")
        #expect(try database.store.currentCRLNumber(issuer: tls.id) == nil)
        #expect(try (0..<3).map { _ in try database.store.nextCRLNumber(issuer: tls.id) } == [1, 2, 3])
        #expect(try database.store.nextCRLNumber(issuer: smime.id) == 1)
        #expect(try database.store.currentCRLNumber(issuer: tls.id) == 3)
        #expect(throws: StoreError.self) { try database.store.nextCRLNumber(issuer: 99) }
    }

    /// Two "processes" (independent pools) drawing numbers at once never get the same one.
    @Test func crlNumbersNeverRepeatUnderConcurrency() async throws {
        let database = try TestDatabase()
        let tls = try issuer(database.store)
        let other = try database.reopen(actor: "other-process")
        let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? database.store : other
                group.addTask { try store.nextCRLNumber(issuer: tls.id) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...40))
        #expect(try database.store.verifyAuditChain() == .ok(rows: 41))
    }

    @Test func serialsAreUniquePerIssuer() throws {
        let database = try TestDatabase()
        let tls = try issuer(database.store)
        let smime = try issuer(database.store, "Vouch S/MIME CA 1")
        let reserved = try database.store.insertCertificate(certificate(issuer: tls.id, serial: "7F01"))
        #expect(reserved.serialHex == "7f01" && reserved.der == nil)
        let error = try #require(throws: StoreError.self) {
            try database.store.insertCertificate(certificate(issuer: tls.id, serial: "7f01"))
        }
        #expect(error.code == .duplicateSerial)
        #expect(
            try database.store.insertCertificate(certificate(issuer: smime.id, serial: "7f01")).issuerID == smime.id
        )
        let signed = try database.store.attachDER(certificate: reserved.id, der: Data([1, 2, 3]))
        #expect(signed.der == Data([1, 2, 3]))
        #expect(try database.store.attachDER(certificate: reserved.id, der: Data([1, 2, 3])) == signed)
        #expect(throws: StoreError.self) { try database.store.attachDER(certificate: reserved.id, der: Data([9])) }
        #expect(throws: StoreError.self) {
            try database.store.insertCertificate(certificate(issuer: tls.id, serial: "xyz"))
        }
        #expect(throws: StoreError.self) { try database.store.insertCertificate(certificate(issuer: 42, serial: "01")) }
    }

    @Test func revocationFeedsTheCRLStream() throws {
        let database = try TestDatabase()
        let tls = try issuer(database.store)
        let alice = try database.member("Alice")
        for serial in ["03", "01", "02"] {
            try database.store.insertCertificate(certificate(issuer: tls.id, serial: serial, member: alice.id))
        }
        let revoked = try database.store.revokeCertificate(issuer: tls.id, serialHex: "02", reason: "keyCompromise")
        #expect(revoked.revocationReason == "keyCompromise")
        let again = try #require(throws: StoreError.self) {
            try database.store.revokeCertificate(issuer: tls.id, serialHex: "02", reason: "superseded")
        }
        #expect(again.code == .alreadyRevoked)
        let unknown = try #require(throws: StoreError.self) {
            try database.store.revokeCertificate(issuer: tls.id, serialHex: "ff", reason: "superseded")
        }
        #expect(unknown.code == .unknownCertificate)
        #expect(try database.store.revokedCertificates(issuer: tls.id).map(\.serialHex) == ["02"])
        var serials: [String] = []
        try database.store.forEachCertificate(issuer: tls.id) { serials.append($0.serialHex) }
        #expect(serials == ["01", "02", "03"])
        #expect(try database.store.certificates(forMember: alice.id).count == 3)
        #expect(try database.store.certificates(withSPKI: Self.spki).count == 3)
        #expect(try database.store.certificate(issuer: tls.id, serialHex: "02")?.subjectAltNames.count == 2)
    }

    @Test func blockedKeysAreFoundByHash() throws {
        let database = try TestDatabase()
        #expect(try database.store.isKeyBlocked(spkiSHA256: Self.spki) == false)
        try database.store.blockKey(spkiSHA256: Self.spki.uppercased(), reason: "Debian weak key")
        try database.store.blockKey(spkiSHA256: Self.spki, reason: "second report")
        #expect(try database.store.blockedKey(spkiSHA256: Self.spki)?.reason == "Debian weak key")
        #expect(throws: StoreError.self) { try database.store.blockKey(spkiSHA256: "abcd", reason: "short") }
    }
}
