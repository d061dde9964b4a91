import Foundation
import Policy
import Testing

@Suite("Age and minors")
struct MinorsTests {
    @Test(
        "Age in full years at a UTC instant",
        arguments: [
            ("2008-03-15", "2026-03-14T23:59:59Z", 17),
            ("2008-03-15", "2026-03-15T00:00:00Z", 18),
            ("2008-03-15", "2027-03-14T23:59:59Z", 18),
            ("2008-02-29", "2026-02-28T23:59:59Z", 17),
            ("2008-02-29", "2026-03-01T00:00:00Z", 18),
            ("2004-02-29", "2022-02-28T12:00:00Z", 17),
            ("2004-02-29", "2022-03-01T00:00:00Z", 18),
            ("2008-02-29", "2032-02-28T23:59:59Z", 23),
            ("2008-02-29", "2032-02-29T00:00:00Z", 24),
            ("1980-12-31", "2026-12-30T23:59:59Z", 45),
            ("1980-12-31", "2026-12-31T00:00:00Z", 46),
        ]
    )
    func age(born: String, at now: String, expected: Int) {
        #expect(policy.age(of: day(born), at: utc(now)) == expected)
    }

    @Test("17 years 364 days is a minor; the 18th birthday is not")
    func boundary() {
        let teen = member(born: "2008-03-15")
        #expect(policy.isMinor(teen, at: utc("2026-03-14T23:59:59Z")))
        #expect(!policy.isMinor(teen, at: utc("2026-03-15T00:00:00Z")))
        #expect(policy.needsParentalConsent(teen, at: utc("2026-03-14T23:59:59Z")))
        #expect(!policy.needsParentalConsent(teen, at: utc("2026-03-15T00:00:00Z")))
    }

    @Test("A minor needs consent for the name and for assurer status; an adult does not")
    func consent() {
        let before = utc("2026-03-14T23:59:59Z")
        let birthday = utc("2026-03-15T00:00:00Z")
        let minor = member(born: "2008-03-15", points: 100, challenge: true)
        #expect(!policy.mayNameAppear(for: minor, at: before))
        #expect(!policy.isAssurer(minor, at: before))
        #expect(!policy.allowedProfiles(for: minor, at: before).contains(.codeSigning))
        #expect(policy.nameViolations(of: minor, at: before).map(\.code) == [.minorWithoutConsent])
        #expect(policy.assurerViolations(of: minor, at: before).map(\.code) == [.minorWithoutConsent])
        #expect(policy.nameViolations(of: minor, at: before)[0].reason.contains("PoJAM"))

        #expect(policy.mayNameAppear(for: minor, at: birthday))
        #expect(policy.isAssurer(minor, at: birthday))

        var consented = minor
        consented.parentalConsent = true
        #expect(policy.mayNameAppear(for: consented, at: before))
        #expect(policy.isAssurer(consented, at: before))
        #expect(policy.allowedProfiles(for: consented, at: before).contains(.codeSigning))
    }

    @Test("A minor without consent still gets mailbox- and domain-validated certificates")
    func unnamedCertificates() {
        let minor = member(born: "2012-01-01")
        #expect(policy.allowedProfiles(for: minor, at: utc("2026-01-01T00:00:00Z")) == [.smime, .tls])
    }
}
