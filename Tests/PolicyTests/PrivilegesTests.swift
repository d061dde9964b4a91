import Foundation
import Policy
import Testing

@Suite("Privileges")
struct PrivilegesTests {
    static let now = utc("2026-06-01T00:00:00Z")

    static let rows: [(points: Int, profiles: Set<CertificateProfileKind>, name: Bool)] = [
        (0, [.smime, .tls], false),
        (49, [.smime, .tls], false),
        (50, [.smime, .tls], true),
        (99, [.smime, .tls], true),
        (100, [.smime, .tls, .codeSigning], true),
    ]

    @Test("Profiles and the name by points", arguments: rows)
    func byPoints(points: Int, profiles: Set<CertificateProfileKind>, name: Bool) {
        let someone = member(points: points)
        #expect(policy.assurancePoints(received: someone.assurancesReceived).points == points)
        #expect(policy.allowedProfiles(for: someone, at: Self.now) == profiles)
        #expect(policy.mayNameAppear(for: someone, at: Self.now) == name)
    }

    @Test("Refusals name their rule")
    func reasons() {
        let codes = policy.profileViolations(.codeSigning, for: member(points: 40), at: Self.now).map(\.code)
        #expect(codes == [.insufficientPoints])
        let reason = policy.nameViolations(of: member(points: 49), at: Self.now)[0].reason
        #expect(reason.contains("Assurance Policy §2.1") && reason.contains("50"))
    }

    @Test("A blocked member gets nothing")
    func blocked() {
        let someone = member(points: 100, blocked: true, challenge: true)
        #expect(policy.allowedProfiles(for: someone, at: Self.now).isEmpty)
        #expect(!policy.mayNameAppear(for: someone, at: Self.now))
        #expect(!policy.isAssurer(someone, at: Self.now))
        #expect(policy.profileViolations(.tls, for: someone, at: Self.now).map(\.code) == [.memberBlocked])
    }

    @Test("The summary")
    func summary() {
        let veteran = assurer(given: 30)
        let privileges = policy.privileges(of: veteran, at: Self.now)
        #expect(
            privileges
                == Privileges(
                    assurancePoints: 100,
                    experiencePoints: 50,
                    totalPoints: 150,
                    isMinor: false,
                    nameMayAppear: true,
                    isAssurer: true,
                    maximumAward: 35,
                    profiles: [.smime, .tls, .codeSigning],
                    smimeLifetimeDays: 730
                )
        )
        let newcomer = policy.privileges(of: member(points: 20), at: Self.now)
        #expect(newcomer.maximumAward == 0)
        #expect(newcomer.smimeLifetimeDays == 180)
        #expect(newcomer.totalPoints == 20)
    }
}
