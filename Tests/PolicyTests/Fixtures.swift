import Foundation
import Policy

/// The configuration under test: every expectation below hard-codes the standard numbers, so a changed default fails.
let policy = PolicyConfiguration.standard

/// An instant from an ISO 8601 UTC timestamp, parsed by Foundation (independently of the code under test).
func utc(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

/// A calendar day from `YYYY-MM-DD`.
func day(_ text: String) -> CalendarDay {
    CalendarDay(iso8601: text)!
}

/// `days` whole days of 86 400 s.
func days(_ count: Int) -> TimeInterval {
    TimeInterval(count) * 86_400
}

/// A face-to-face assurance of `assureeID` by `assurerID`.
func assurance(
    by assurerID: Int64,
    of assureeID: Int64 = 1,
    points: Int,
    method: AssuranceMethod = .faceToFace,
    on date: String = "2025-06-01",
    revoked: Bool = false
) -> AssuranceRecord {
    AssuranceRecord(
        assurerID: assurerID,
        assureeID: assureeID,
        points: points,
        method: method,
        meetingDate: day(date),
        revoked: revoked
    )
}

/// Assurances of member 1 by distinct assurers 101, 102, … with the given points.
func assurances(of assureeID: Int64 = 1, _ points: [Int]) -> [AssuranceRecord] {
    points.enumerated().map { assurance(by: 101 + Int64($0.offset), of: assureeID, points: $0.element) }
}

/// A member born on `born` holding `points` assurance points (from assurances of 35 or less).
func member(
    id: Int64 = 1,
    born: String = "1980-01-01",
    points: Int = 0,
    consent: Bool = false,
    blocked: Bool = false,
    challenge: Bool = false,
    given: Int = 0
) -> MemberFacts {
    var split: [Int] = []
    var left = points
    while left > 0 {
        split.append(min(35, left))
        left -= min(35, left)
    }
    while points >= 50, split.count < 3 {
        // Spread the points so the 2- and 3-assurance minimums never hide the total.
        let largest = split.indices.max { split[$0] < split[$1] }!
        split[largest] -= 1
        split.append(1)
    }
    return MemberFacts(
        id: id,
        dateOfBirth: day(born),
        parentalConsent: consent,
        blocked: blocked,
        passedChallenge: challenge,
        assurancesReceived: assurances(of: id, split),
        assurancesGiven: given
    )
}

/// An adult assurer (id 2) with 100 points, the challenge passed and `given` assurances behind them.
func assurer(id: Int64 = 2, born: String = "1980-01-01", given: Int = 25, consent: Bool = false) -> MemberFacts {
    member(id: id, born: born, points: 100, consent: consent, challenge: true, given: given)
}
