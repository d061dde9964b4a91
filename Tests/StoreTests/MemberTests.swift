import Foundation
import Testing

@testable import Store

@Suite("Members, addresses and domains")
struct MemberTests {
    @Test func addAndFindByAnyOwnedAddress() throws {
        let database = try TestDatabase()
        let alice = try database.store.addMember(
            name: "Alice Example",
            dateOfBirth: "1990-02-28",
            primaryEmail: "alice@example.org"
        )
        try database.store.addEmail("alice@work.example", member: alice.id)
        #expect(try database.store.member(byEmail: "alice@example.org") == alice)
        #expect(try database.store.member(byEmail: "ALICE@WORK.EXAMPLE") == alice)
        #expect(try database.store.member(byStatusPageID: alice.statusPageID) == alice)
        #expect(try database.store.member(byEmail: "nobody@example.org") == nil)
        #expect(
            try database.store.emails(forMember: alice.id).map(\.address) == [
                "alice@example.org", "alice@work.example",
            ]
        )
        #expect(alice.statusPageID.count == 26)
    }

    @Test func refusesAnAddressOwnedBySomeoneElse() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        let error = try #require(throws: StoreError.self) {
            try database.store.addEmail("Alice@Example.org", member: bob.id)
        }
        #expect(error.code == .addressOwnedByAnother)
        #expect(error.reason.contains("dispute"))
        #expect(throws: StoreError(.addressOwnedByAnother, Store.ownedByAnother(address: "alice@example.org").reason)) {
            try database.store.addMember(name: "Mallory", dateOfBirth: "1970-01-01", primaryEmail: "alice@example.org")
        }
        // Claiming one's own address again is harmless.
        #expect(try database.store.addEmail("alice@example.org", member: alice.id).memberID == alice.id)
    }

    @Test func disputeMovesAnAddressAndResetsVerification() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        try database.store.addEmail("shared@example.org", member: alice.id)
        try database.store.verifyEmail("shared@example.org", method: "probe-reply")
        let moved = try database.store.transferEmail("shared@example.org", to: bob.id, reason: "arbitration a-17")
        #expect(moved.memberID == bob.id)
        #expect(moved.verifiedAt == nil)
        #expect(try database.store.member(byEmail: "shared@example.org")?.id == bob.id)
        let error = try #require(throws: StoreError.self) {
            try database.store.transferEmail("alice@example.org", to: bob.id, reason: "arbitration a-18")
        }
        #expect(error.code == .primaryAddressInUse)
    }

    @Test func domainsHaveOneOwner() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        let domain = try database.store.addDomain("Example.ORG.", member: alice.id)
        #expect(domain.name == "example.org")
        let verified = try database.store.verifyDomain(
            "example.org",
            method: "constructed-email",
            contact: "hostmaster@example.org"
        )
        #expect(verified.contact == "hostmaster@example.org")
        #expect(verified.verifiedAt != nil)
        let error = try #require(throws: StoreError.self) {
            try database.store.addDomain("example.org", member: bob.id)
        }
        #expect(error.code == .domainOwnedByAnother)
        let moved = try database.store.transferDomain("example.org", to: bob.id, reason: "registrar proof")
        #expect(moved.memberID == bob.id && moved.verifiedAt == nil && moved.contact == nil)
        #expect(try database.store.domains(forMember: alice.id).isEmpty)
    }

    @Test(arguments: [
        ("Alice", "1990-13-01", "alice@example.org", StoreError.Code.malformedDate),
        ("Alice", "1990-02-30", "alice@example.org", .malformedDate),
        ("Alice", "1990-2-3", "alice@example.org", .malformedDate),
        ("Alice", "yesterday", "alice@example.org", .malformedDate),
        ("   ", "1990-01-01", "alice@example.org", .malformedInput),
        ("Alice", "1990-01-01", "not an address", .malformedInput),
        ("Alice", "1990-01-01", "alice@localhost", .malformedInput),
    ])
    func refusesBadRegistrations(name: String, born: String, email: String, code: StoreError.Code) throws {
        let database = try TestDatabase()
        let error = try #require(throws: StoreError.self) {
            try database.store.addMember(name: name, dateOfBirth: born, primaryEmail: email)
        }
        #expect(error.code == code)
        #expect(try database.store.verifyAuditChain() == .ok(rows: 0))
    }

    @Test func unknownMemberIsNamed() throws {
        let database = try TestDatabase()
        let error = try #require(throws: StoreError.self) { try database.store.addEmail("x@example.org", member: 42) }
        #expect(error.code == .unknownMember)
        #expect(error.reason.contains("42"))
    }

    @Test func leapDayBirthdaysAreAccepted() throws {
        let database = try TestDatabase()
        let member = try database.member("Leap", born: "2000-02-29")
        #expect(member.dateOfBirth == "2000-02-29")
    }

    @Test func blockingAndConsentAreRecorded() throws {
        let database = try TestDatabase()
        let minor = try database.member("Minor", born: "2012-05-05")
        #expect(minor.parentalConsentAt == nil)
        #expect(try database.store.recordParentalConsent(member: minor.id).parentalConsentAt != nil)
        #expect(try database.store.setBlocked(member: minor.id, true, reason: "fraud report 12").blocked)
        let oldPage = minor.statusPageID
        let newPage = try database.store.rotateStatusPageID(member: minor.id)
        #expect(newPage != oldPage)
        // The old page stays until the member retires it; a second rotation meanwhile mints nothing.
        #expect(try database.store.member(byStatusPageID: oldPage)?.id == minor.id)
        #expect(try database.store.rotateStatusPageID(member: minor.id) == newPage)
        try database.store.retirePreviousStatusPage(member: minor.id)
        #expect(try database.store.member(byStatusPageID: oldPage) == nil)
        #expect(try database.store.member(byStatusPageID: newPage)?.id == minor.id)
    }

    /// Site builds walk members with a cursor and look up each one's addresses inside the walk.
    @Test func streamingAllowsNestedReads() throws {
        let database = try TestDatabase()
        for index in 0..<25 {
            try database.member("Member\(index)")
        }
        var seen: [Int64] = []
        var addresses = 0
        try database.store.forEachMember { member in
            seen.append(member.id)
            addresses += try database.store.emails(forMember: member.id).count
        }
        #expect(seen == Array(1...25))
        #expect(addresses == 25)
    }
}
