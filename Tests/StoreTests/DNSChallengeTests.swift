import Foundation
import Testing

@testable import Store

@Suite("DNS challenges")
struct DNSChallengeTests {
    static let value = "abcdefghijklmnopqrstuvwxyz234567"
    static let later = Date().addingTimeInterval(30 * 86_400)

    @Test func onlyTheHashIsStoredAndTheChallengeIsDueAtOnce() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let challenge = try database.store.createDNSChallenge(
            value: Self.value,
            member: alice.id,
            domain: "Example.NET",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        #expect(challenge.state == .pending && challenge.domain == "example.net")
        let dump = try SQLiteShell.run(database.path, "SELECT * FROM dns_challenges;")
        #expect(!dump.contains(Self.value))
        #expect(try database.store.dnsChallenge(value: Self.value)?.id == challenge.id)
        #expect(try database.store.dueDNSChallenges(at: Date().addingTimeInterval(1)).map(\.id) == [challenge.id])
        #expect(throws: StoreError.self) {
            try database.store.createDNSChallenge(
                value: "short",
                member: alice.id,
                domain: "example.net",
                recordName: "_vouch-challenge.example.net",
                requestID: nil,
                expiresAt: Self.later
            )
        }
    }

    @Test func askingAgainReplacesThePendingChallenge() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let first = try database.store.createDNSChallenge(
            value: Self.value,
            member: alice.id,
            domain: "example.net",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        let second = try database.store.createDNSChallenge(
            value: String(Self.value.reversed()),
            member: alice.id,
            domain: "example.net",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        #expect(try database.store.dnsChallenge(id: first.id)?.state == .replaced)
        #expect(try database.store.dueDNSChallenges(at: Date().addingTimeInterval(1)).map(\.id) == [second.id])
    }

    @Test func checksBackOffAndFinishOnce() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let challenge = try database.store.createDNSChallenge(
            value: Self.value,
            member: alice.id,
            domain: "example.net",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        let now = Date()
        try database.store.recordDNSCheck(
            id: challenge.id,
            result: "not published yet",
            nextCheckAt: now.addingTimeInterval(600),
            at: now
        )
        #expect(try database.store.dueDNSChallenges(at: now.addingTimeInterval(60)).isEmpty)
        let checked = try #require(try database.store.dnsChallenge(id: challenge.id))
        #expect(checked.checks == 1 && checked.lastResult == "not published yet")
        try database.store.finishDNSChallenge(id: challenge.id, as: .refused, result: "wrong value", at: now)
        #expect(throws: StoreError.self) {
            try database.store.finishDNSChallenge(id: challenge.id, as: .expired, result: "late", at: now)
        }
        #expect(throws: StoreError.self) {
            try database.store.completeDNSChallenge(id: challenge.id, method: "m", evidence: "e", at: now)
        }
    }

    @Test func completionVerifiesTheDomainForTheAskingMemberOnly() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        let forAlice = try database.store.createDNSChallenge(
            value: Self.value,
            member: alice.id,
            domain: "example.net",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        let forBob = try database.store.createDNSChallenge(
            value: String(Self.value.reversed()),
            member: bob.id,
            domain: "example.net",
            recordName: "_vouch-challenge.example.net",
            requestID: nil,
            expiresAt: Self.later
        )
        let domain = try database.store.completeDNSChallenge(
            id: forAlice.id,
            method: "DNS change (TLS BR 3.2.2.4.7)",
            evidence: "TXT found, secure",
            at: Date()
        )
        #expect(domain.memberID == alice.id && domain.verifiedAt != nil)
        #expect(domain.contact == "_vouch-challenge.example.net")
        let error = #expect(throws: StoreError.self) {
            try database.store.completeDNSChallenge(id: forBob.id, method: "m", evidence: "e", at: Date())
        }
        #expect(error?.code == .domainOwnedByAnother)
        #expect(try database.store.dnsChallenge(id: forBob.id)?.state == .pending)
        #expect(try database.store.verifyAuditChain() == .ok(rows: 7))
    }
}
