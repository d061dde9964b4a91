import Foundation

extension PolicyConfiguration {
    /// Full years of age at `now`, by UTC calendar days; a 29 February birthday is reached on 1 March in common years.
    public func age(of dateOfBirth: CalendarDay, at now: Date) -> Int {
        dateOfBirth.wholeYears(until: CalendarDay(containing: now))
    }

    /// Whether the member is under `adultAge` at `now` (PoJAM §1: the limits end on the 18th birthday).
    public func isMinor(_ member: MemberFacts, at now: Date) -> Bool {
        age(of: member.dateOfBirth, at: now) < adultAge
    }

    /// Whether a minor lacks the parental consent that named certificates and assurer status need (PoJAM §2.4, §3.1).
    public func needsParentalConsent(_ member: MemberFacts, at now: Date) -> Bool {
        isMinor(member, at: now) && !member.parentalConsent
    }

    func minorWithoutConsent(for purpose: String) -> PolicyViolation {
        PolicyViolation(
            code: .minorWithoutConsent,
            reason:
                "PoJAM §3.1: a member under \(adultAge) needs recorded parental consent before \(purpose)"
        )
    }
}
