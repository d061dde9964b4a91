import Foundation

extension PolicyConfiguration {
    /// Every rule a proposed assurance breaks, in rule order; empty when it may be recorded (Assurance Policy §3–4.3,
    /// PoJAM, TTP-Assisted-Assurance Policy).
    ///
    /// `assuree.assurancesReceived` must hold the assuree's existing assurances, so that a second one by the same
    /// assurer and a third TTP-assisted one are caught.
    public func assuranceViolations(
        _ proposal: AssuranceRecord,
        assurer: MemberFacts,
        assuree: MemberFacts,
        at now: Date
    ) -> [PolicyViolation] {
        var violations: [PolicyViolation] = []
        guard proposal.assurerID == assurer.id, proposal.assureeID == assuree.id else {
            return [
                PolicyViolation(
                    code: .memberMismatch,
                    reason:
                        "the proposal names assurer \(proposal.assurerID) and assuree \(proposal.assureeID), "
                        + "but the facts are for \(assurer.id) and \(assuree.id)"
                )
            ]
        }
        if proposal.assurerID == proposal.assureeID {
            violations.append(
                PolicyViolation(code: .selfAssurance, reason: "Assurance Policy §4.1: nobody may assure themselves")
            )
        }
        let earlier = assuree.assurancesReceived.filter { !$0.revoked }
        if earlier.contains(where: { $0.assurerID == proposal.assurerID }) {
            violations.append(
                PolicyViolation(
                    code: .duplicateAssurance,
                    reason:
                        "Assurance Policy §4.1: one assurance per assurer and member; "
                        + "member \(proposal.assurerID) has already assured member \(proposal.assureeID)"
                )
            )
        }
        let today = CalendarDay(containing: now)
        var meetingDay = today
        if !proposal.meetingDate.isValid {
            violations.append(
                PolicyViolation(
                    code: .malformedMeetingDate,
                    reason:
                        "Assurance Policy §4.1: the meeting date \(proposal.meetingDate) is not a calendar date "
                        + "(write YYYY-MM-DD)"
                )
            )
        } else if proposal.meetingDate > today {
            violations.append(
                PolicyViolation(
                    code: .futureMeetingDate,
                    reason:
                        "Assurance Policy §4.1: the meeting date \(proposal.meetingDate) is after today "
                        + "(\(today), UTC); an assurance records a meeting that took place"
                )
            )
        } else if proposal.meetingDate.startOfDay.addingTimeInterval(Double(meetingMaxAgeDays) * 86_400)
            < today.startOfDay
        {
            violations.append(
                PolicyViolation(
                    code: .staleMeetingDate,
                    reason:
                        "Assurance Policy §4.1: the meeting on \(proposal.meetingDate) was more than "
                        + "\(meetingMaxAgeDays) days ago; an assurance is mailed within \(meetingMaxAgeDays) days of the meeting"
                )
            )
            meetingDay = proposal.meetingDate
        } else {
            meetingDay = proposal.meetingDate
        }
        let assurerProblems = assurerViolations(of: assurer, at: now)
        if let first = assurerProblems.first {
            violations.append(
                PolicyViolation(
                    code: .notAnAssurer,
                    reason: "Assurance Policy §3: member \(assurer.id) is not an assurer (\(first.reason))"
                )
            )
        }
        violations += pointViolations(proposal, assurer: assurer, on: meetingDay)
        if proposal.method == .ttpAssisted {
            let ttpCount = earlier.filter { $0.method == .ttpAssisted }.count
            if ttpCount >= ttpMaxCount {
                violations.append(
                    PolicyViolation(
                        code: .ttpLimit,
                        reason:
                            "TTP-Assisted-Assurance Policy: at most \(ttpMaxCount) TTP-assisted assurances count; "
                            + "the member already has \(ttpCount)"
                    )
                )
            }
        }
        if needsParentalConsent(assuree, at: now) {
            violations.append(minorWithoutConsent(for: "being assured"))
        }
        return violations
    }

    /// Throws the first rule a proposed assurance breaks (see `assuranceViolations`).
    public func checkAssurance(
        _ proposal: AssuranceRecord,
        assurer: MemberFacts,
        assuree: MemberFacts,
        at now: Date
    ) throws(PolicyViolation) {
        if let first = assuranceViolations(proposal, assurer: assurer, assuree: assuree, at: now).first {
            throw first
        }
    }

    private func pointViolations(
        _ proposal: AssuranceRecord,
        assurer: MemberFacts,
        on day: CalendarDay
    ) -> [PolicyViolation] {
        let experience = experiencePoints(assurancesGiven: assurer.assurancesGiven)
        let age = assurer.dateOfBirth.wholeYears(until: day)
        let maximum = maximumAward(experience: experience, assurerAge: age)
        if proposal.points < 0 || proposal.points > maximum {
            let rule =
                age < adultAge
                ? "PoJAM: an assurer under \(adultAge) may award at most \(maximum) points"
                : "Assurance Policy §4: "
                    + "an assurer may award at most \(maximum) points with \(experience) experience points"
            return [
                PolicyViolation(
                    code: .pointsOutOfRange,
                    reason: "\(rule); \(proposal.points) is outside 0...\(maximum)"
                )
            ]
        }
        if proposal.method == .ttpAssisted, proposal.points > ttpPointsCap {
            return [
                PolicyViolation(
                    code: .ttpPointsCap,
                    reason:
                        "TTP-Assisted-Assurance Policy: "
                        + "a TTP-assisted assurance awards at most \(ttpPointsCap) points; \(proposal.points) asked"
                )
            ]
        }
        return []
    }
}
