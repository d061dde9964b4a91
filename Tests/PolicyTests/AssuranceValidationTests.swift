import Foundation
import Policy
import Testing

@Suite("Validating a proposed assurance")
struct AssuranceValidationTests {
    static let now = utc("2026-03-15T23:59:59Z")

    func violations(
        _ proposal: AssuranceRecord,
        assurer: MemberFacts = assurer(),
        assuree: MemberFacts = member(),
        configuration: PolicyConfiguration = policy
    ) -> [PolicyViolation.Code] {
        configuration.assuranceViolations(proposal, assurer: assurer, assuree: assuree, at: Self.now).map(\.code)
    }

    @Test("A good proposal passes")
    func valid() throws {
        let proposal = assurance(by: 2, points: 35, on: "2026-03-15")
        #expect(violations(proposal).isEmpty)
        try policy.checkAssurance(proposal, assurer: assurer(), assuree: member(), at: Self.now)
    }

    @Test("Nobody assures themselves")
    func selfAssurance() {
        let someone = assurer(id: 1)
        #expect(violations(assurance(by: 1, of: 1, points: 10), assurer: someone, assuree: someone) == [.selfAssurance])
    }

    @Test("One assurance per assurer and member; a revoked one may be redone")
    func duplicate() {
        var assuree = member(points: 20)
        assuree.assurancesReceived.append(assurance(by: 2, points: 10))
        #expect(violations(assurance(by: 2, points: 10), assuree: assuree) == [.duplicateAssurance])
        assuree.assurancesReceived[assuree.assurancesReceived.count - 1].revoked = true
        #expect(violations(assurance(by: 2, points: 10), assuree: assuree).isEmpty)
    }

    @Test(
        "Points must lie in 0...the assurer's maximum",
        arguments: [
            (0, -1, false), (0, 0, true), (0, 10, true), (0, 11, false), (6, 15, true), (6, 16, false), (25, 35, true),
            (25, 36, false),
        ]
    )
    func pointsRange(given: Int, points: Int, allowed: Bool) {
        let codes = violations(assurance(by: 2, points: points, on: "2026-03-01"), assurer: assurer(given: given))
        #expect(codes == (allowed ? [] : [.pointsOutOfRange]))
    }

    @Test("The points reason names the rule and the numbers")
    func pointsReason() {
        let reason = policy.assuranceViolations(
            assurance(by: 2, points: 16),
            assurer: assurer(given: 6),
            assuree: member(),
            at: Self.now
        )[0].reason
        #expect(
            reason.contains("Assurance Policy §4: an assurer may award at most 15 points with 12 experience points")
        )
    }

    @Test("An assurer under 18 awards at most 10 until the 18th birthday")
    func minorAssurer() {
        let young = assurer(born: "2008-03-16", given: 25, consent: true)
        #expect(violations(assurance(by: 2, points: 10), assurer: young).isEmpty)
        #expect(violations(assurance(by: 2, points: 11), assurer: young) == [.pointsOutOfRange])
        let adult = assurer(born: "2008-03-15", given: 25)
        #expect(violations(assurance(by: 2, points: 35, on: "2026-03-15"), assurer: adult).isEmpty)
        // Age counts at the meeting: a meeting the day before the birthday keeps the minor's cap.
        #expect(violations(assurance(by: 2, points: 11, on: "2026-03-14"), assurer: adult) == [.pointsOutOfRange])
    }

    @Test("A member without assurer status cannot assure", arguments: [(99, true), (100, false)])
    func notAnAssurer(points: Int, challenge: Bool) {
        let candidate = member(id: 2, points: points, challenge: challenge, given: 25)
        #expect(violations(assurance(by: 2, points: 10), assurer: candidate) == [.notAnAssurer])
    }

    @Test("A minor assurer without consent is not an assurer")
    func minorAssurerWithoutConsent() {
        let young = assurer(born: "2010-01-01", given: 0)
        let found = policy.assuranceViolations(
            assurance(by: 2, points: 5),
            assurer: young,
            assuree: member(),
            at: Self.now
        )
        #expect(found.map(\.code) == [.notAnAssurer])
        #expect(found[0].reason.contains("PoJAM"))
    }

    @Test(
        "The meeting date must be a real day, not after today (UTC) and not more than a year back",
        arguments: [
            (CalendarDay(year: 2025, month: 2, day: 29), PolicyViolation.Code?.some(.malformedMeetingDate)),
            (CalendarDay(year: 2025, month: 13, day: 1), .malformedMeetingDate),
            (CalendarDay(year: 2026, month: 3, day: 16), .futureMeetingDate),
            (CalendarDay(year: 2026, month: 3, day: 15), nil),
            (CalendarDay(year: 2025, month: 3, day: 15), nil),
            (CalendarDay(year: 2025, month: 3, day: 14), .staleMeetingDate),
            (CalendarDay(year: 2020, month: 2, day: 29), .staleMeetingDate),
        ]
    )
    func meetingDate(date: CalendarDay, code: PolicyViolation.Code?) {
        var proposal = assurance(by: 2, points: 10)
        proposal.meetingDate = date
        #expect(violations(proposal) == (code.map { [$0] } ?? []))
    }

    @Test("A minor assuree needs recorded parental consent")
    func minorAssuree() {
        let child = member(born: "2010-05-05")
        #expect(violations(assurance(by: 2, points: 10), assuree: child) == [.minorWithoutConsent])
        var consented = child
        consented.parentalConsent = true
        #expect(violations(assurance(by: 2, points: 10), assuree: consented).isEmpty)
        let turning18 = member(born: "2008-03-15")
        #expect(violations(assurance(by: 2, points: 10), assuree: turning18).isEmpty)
    }

    @Test("TTP-assisted: each capped, and only two")
    func ttp() {
        let strict = PolicyConfiguration(ttpPointsCap: 20)
        let proposal = assurance(by: 2, points: 25, method: .ttpAssisted)
        #expect(violations(proposal, configuration: strict) == [.ttpPointsCap])
        #expect(violations(assurance(by: 2, points: 20, method: .ttpAssisted), configuration: strict).isEmpty)

        var assuree = member()
        assuree.assurancesReceived = [
            assurance(by: 101, points: 35, method: .ttpAssisted),
            assurance(by: 102, points: 35, method: .ttpAssisted),
        ]
        #expect(violations(assurance(by: 2, points: 30, method: .ttpAssisted), assuree: assuree) == [.ttpLimit])
        #expect(violations(assurance(by: 2, points: 30), assuree: assuree).isEmpty)
        assuree.assurancesReceived[0].revoked = true
        #expect(violations(assurance(by: 2, points: 30, method: .ttpAssisted), assuree: assuree).isEmpty)
    }

    @Test("Facts for other members than the proposal names are refused")
    func mismatch() {
        #expect(violations(assurance(by: 3, points: 10)) == [.memberMismatch])
    }

    @Test("Every broken rule is reported, and checkAssurance throws the first")
    func several() {
        let proposal = assurance(by: 2, points: 40, on: "2027-01-01")
        var assuree = member()
        assuree.assurancesReceived = [assurance(by: 2, points: 10)]
        #expect(violations(proposal, assuree: assuree) == [.duplicateAssurance, .futureMeetingDate, .pointsOutOfRange])
        #expect(throws: PolicyViolation.self) {
            try policy.checkAssurance(proposal, assurer: assurer(), assuree: assuree, at: Self.now)
        }
        do {
            try policy.checkAssurance(proposal, assurer: assurer(), assuree: assuree, at: Self.now)
        } catch {
            #expect(error.code == .duplicateAssurance)
            #expect(error.description.hasPrefix("duplicate-assurance: Assurance Policy §4.1"))
        }
    }
}
