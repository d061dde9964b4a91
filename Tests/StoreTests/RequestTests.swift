import Foundation
import Testing

@testable import Store

@Suite("Requests, probes and job runs")
struct RequestTests {
    private static let token = "abcdefghijklmnopqrstuvwxyz234567"

    @Test func intakeIsIdempotentAndStatesMoveForwardOnly() throws {
        let database = try TestDatabase()
        let first = try database.store.recordRequest(kind: .register, sender: "a@example.org", messageRef: "1.M1.host")
        let again = try database.store.recordRequest(kind: .register, sender: "a@example.org", messageRef: "1.M1.host")
        #expect(first == again)
        #expect(first.state == .received)
        let waiting = try database.store.moveRequest(id: first.id, to: .waitingConfirmation)
        #expect(waiting.state == .waitingConfirmation)
        let done = try database.store.moveRequest(id: first.id, to: .done, result: "account created")
        #expect(done.result == "account created")
        let error = try #require(throws: StoreError.self) {
            try database.store.moveRequest(id: first.id, to: .rejected)
        }
        #expect(error.code == .invalidTransition)
        #expect(error.reason.contains("never reopened"))
        #expect(throws: StoreError.self) { try database.store.moveRequest(id: 77, to: .done) }
    }

    @Test func sweepFindsOldRequestsInOneState() throws {
        let database = try TestDatabase()
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        let new = Date(timeIntervalSince1970: 1_800_000_000)
        let stale = try database.store.recordRequest(kind: .csr, sender: "a@x.org", messageRef: "m1", receivedAt: old)
        try database.store.recordRequest(kind: .csr, sender: "b@x.org", messageRef: "m2", receivedAt: new)
        var found: [Int64] = []
        try database.store.forEachRequest(in: .received, receivedBefore: Date(timeIntervalSince1970: 1_750_000_000)) {
            found.append($0.id)
            // Changing the request being visited is allowed inside the walk.
            try database.store.moveRequest(id: $0.id, to: .expired, result: "no confirmation within 24 hours")
        }
        #expect(found == [stale.id])
        #expect(try database.store.request(id: stale.id)?.state == .expired)
        var received = 0
        try database.store.forEachRequest(in: .received) { _ in received += 1 }
        #expect(received == 1)
    }

    @Test func probesAreHashedUsedOnceAndExpire() throws {
        let database = try TestDatabase()
        let request = try database.store.recordRequest(kind: .email, sender: "a@example.org", messageRef: "m1")
        let expiry = Date().addingTimeInterval(86_400)
        let probe = try database.store.createProbe(
            token: Self.token,
            purpose: "email",
            target: "new@example.org",
            requestID: request.id,
            expiresAt: expiry
        )
        #expect(probe.tokenSHA256 == Store.tokenHash(Self.token))
        #expect(probe.tokenSHA256 != Self.token)
        let stored = try SQLiteShell.run(
            database.path,
            "SELECT count(*) FROM probes WHERE token_sha256 LIKE '%abcdef%';"
        )
        #expect(stored == "0")
        // A mail system that upper-cased the address still confirms.
        let used = try database.store.consumeProbe(token: Self.token.uppercased())
        #expect(used.usedAt != nil)
        #expect(
            try #require(throws: StoreError.self) { try database.store.consumeProbe(token: Self.token) }.code
                == .probeUsed
        )
        #expect(
            try #require(throws: StoreError.self) {
                try database.store.consumeProbe(token: "zzzzzzzzzzzzzzzzzzzzzzzzzzzz")
            }
            .code == .unknownProbe
        )
        #expect(try database.store.probes(forRequest: request.id).map(\.id) == [probe.id])
        #expect(try database.store.probeCount(target: "NEW@example.org", since: Date().addingTimeInterval(-60)) == 1)
    }

    @Test func expiredProbeIsRefused() throws {
        let database = try TestDatabase()
        let expiry = Date().addingTimeInterval(60)
        try database.store.createProbe(
            token: Self.token,
            purpose: "email",
            target: "x@example.org",
            requestID: nil,
            expiresAt: expiry
        )
        let error = try #require(throws: StoreError.self) {
            try database.store.consumeProbe(token: Self.token, at: expiry.addingTimeInterval(1))
        }
        #expect(error.code == .probeExpired)
        #expect(try database.store.probe(token: Self.token)?.usedAt == nil)
    }

    @Test func jobRunsRecordTheirOutcome() throws {
        let database = try TestDatabase()
        let first = try database.store.startJobRun(job: "crl")
        try database.store.finishJobRun(id: first.id, outcome: "ok", detail: "2 CRLs signed")
        let second = try database.store.startJobRun(job: "crl", at: Date().addingTimeInterval(10))
        #expect(try database.store.lastJobRun(job: "crl")?.id == second.id)
        #expect(try database.store.jobRun(id: first.id)?.outcome == "ok")
        #expect(try database.store.lastJobRun(job: "intake") == nil)
    }
}
