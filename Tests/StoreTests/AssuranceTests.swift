import Foundation
import Testing

@testable import Store

@Suite("Assurances and the Assurer Challenge")
struct AssuranceTests {
    private func assure(
        _ store: Store,
        _ assurer: Int64,
        _ assuree: Int64,
        points: Int = 10,
        method: AssuranceMethod = .faceToFace
    ) throws -> Assurance {
        try store.recordAssurance(
            assurer: assurer,
            assuree: assuree,
            points: points,
            meetingDate: "2025-06-01",
            location: "Berlin",
            method: method,
            documents: "passport",
            capSigned: true
        )
    }

    @Test func recordsAndListsBothDirections() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        let carol = try database.member("Carol")
        let first = try assure(database.store, alice.id, carol.id, points: 35)
        let second = try assure(database.store, bob.id, carol.id, points: 10, method: .ttpAssisted)
        #expect(try database.store.assurances(receivedBy: carol.id) == [first, second])
        #expect(try database.store.assurances(givenBy: alice.id) == [first])
        #expect(try database.store.assurance(assurer: bob.id, assuree: carol.id)?.method == .ttpAssisted)
    }

    @Test func refusesASecondAssuranceOfTheSamePair() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        _ = try assure(database.store, alice.id, bob.id)
        let error = try #require(throws: StoreError.self) { try assure(database.store, alice.id, bob.id) }
        #expect(error.code == .duplicateAssurance)
        #expect(error.reason.contains("one assurance per assurer and member"))
        // The reverse direction is a different pair.
        #expect(try assure(database.store, bob.id, alice.id).assurerID == bob.id)
    }

    @Test func refusesSelfAssuranceUnknownMembersAndBadFields() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        #expect(throws: StoreError.self) { try assure(database.store, alice.id, alice.id) }
        let unknown = try #require(throws: StoreError.self) { try assure(database.store, alice.id, 99) }
        #expect(unknown.code == .unknownMember)
        let negative = try #require(throws: StoreError.self) {
            try assure(database.store, alice.id, bob.id, points: -1)
        }
        #expect(negative.code == .invalidPoints)
        let badDate = try #require(throws: StoreError.self) {
            try database.store.recordAssurance(
                assurer: alice.id,
                assuree: bob.id,
                points: 10,
                meetingDate: "01.06.2025",
                location: "Berlin",
                method: .faceToFace,
                documents: "passport",
                capSigned: true
            )
        }
        #expect(badDate.code == .malformedDate)
        #expect(try database.store.assurances(receivedBy: bob.id).isEmpty)
    }

    @Test func revocationKeepsTheRecord() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let bob = try database.member("Bob")
        let assurance = try assure(database.store, alice.id, bob.id)
        let revoked = try database.store.revokeAssurance(id: assurance.id, reason: "ID was forged")
        #expect(revoked.revokedAt != nil && revoked.revocationReason == "ID was forged")
        #expect(throws: StoreError.self) { try database.store.revokeAssurance(id: assurance.id, reason: "again") }
        // Still one per pair: a revoked assurance is not replaced by a new one.
        #expect(throws: StoreError.self) { try assure(database.store, alice.id, bob.id) }
    }

    @Test func challengeIsGradedOnce() throws {
        let database = try TestDatabase()
        let alice = try database.member("Alice")
        let attempt = try database.store.startChallenge(member: alice.id, questions: ["q1", "q7", "q3"])
        let graded = try database.store.gradeChallenge(
            id: attempt.id,
            answers: ["a", "b", "c"],
            score: 3,
            passed: true
        )
        #expect(graded.passed == true && graded.answers == ["a", "b", "c"] && graded.questions == ["q1", "q7", "q3"])
        let error = try #require(throws: StoreError.self) {
            try database.store.gradeChallenge(id: attempt.id, answers: [], score: 0, passed: false)
        }
        #expect(error.code == .challengeAlreadyGraded)
        #expect(try database.store.challengeAttempts(forMember: alice.id) == [graded])
    }
}
