extension PolicyConfiguration {
    /// The highest award anywhere in the award table: no recorded assurance counts for more (Assurance Policy §4.3).
    public var highestAward: Int {
        awardTable.map(\.maximumAward).max() ?? 0
    }

    /// Assurance points from received assurances: revoked ones and repeats by one assurer count 0, TTP-assisted ones
    /// are capped and only the first ones count, the total is capped, and 50 and 100 need enough assurances (Assurance
    /// Policy §4.2–4.3, TTP-Assisted-Assurance Policy, DESIGN.md).
    public func assurancePoints(received: [AssuranceRecord]) -> AssurancePoints {
        // Earliest meeting first, so "the first TTP assurances" and "the first assurance per assurer" are well defined.
        let ordered = received.enumerated()
            .sorted { ($0.element.meetingDate, $0.offset) < ($1.element.meetingDate, $1.offset) }
            .map(\.element)
        var contributions: [AssuranceContribution] = []
        var assurersSeen: Set<Int64> = []
        var ttpCounted = 0
        var sum = 0
        var counted = 0
        for record in ordered {
            let contribution = contribution(
                of: record,
                assurersSeen: &assurersSeen,
                ttpCounted: &ttpCounted
            )
            contributions.append(contribution)
            sum += contribution.countedPoints
            if contribution.countedPoints > 0 {
                counted += 1
            }
        }
        var points = sum
        var limitingRule: String?
        if points > maxAssurancePoints {
            points = maxAssurancePoints
            limitingRule =
                "Assurance Policy §2: at most \(maxAssurancePoints) assurance points come from assurances"
        }
        if counted < assurancesFor100, points > maxAssurancePoints - 1 {
            points = maxAssurancePoints - 1
            limitingRule =
                "Assurance Policy §2: \(maxAssurancePoints) points need at least "
                + "\(assurancesFor100) assurances; \(counted) counted"
        }
        if counted < assurancesFor50, points > nameMinPoints - 1 {
            points = nameMinPoints - 1
            limitingRule =
                "Assurance Policy §2: \(nameMinPoints) points need at least "
                + "\(assurancesFor50) assurances; \(counted) counted"
        }
        return AssurancePoints(
            points: points,
            uncappedPoints: sum,
            countedAssurances: counted,
            contributions: contributions,
            limitingRule: limitingRule
        )
    }

    /// Experience points: `experiencePerAssurance` per assurance given, at most `maxExperience` (Assurance Policy
    /// §4.3).
    public func experiencePoints(assurancesGiven: Int) -> Int {
        let earned = max(0, assurancesGiven).multipliedReportingOverflow(by: experiencePerAssurance)
        return earned.overflow ? maxExperience : min(earned.partialValue, maxExperience)
    }

    /// The most points a member can hold: every assurance point and every experience point.
    public var maximumTotalPoints: Int { maxAssurancePoints + maxExperience }

    /// Assurance plus experience points, each clamped to its own maximum, so at most 150 by default (Assurance Policy
    /// §4.2–4.3).
    public func totalPoints(assurance: Int, experience: Int) -> Int {
        min(max(0, assurance), maxAssurancePoints) + min(max(0, experience), maxExperience)
    }

    private func contribution(
        of record: AssuranceRecord,
        assurersSeen: inout Set<Int64>,
        ttpCounted: inout Int
    ) -> AssuranceContribution {
        if record.revoked {
            return AssuranceContribution(record: record, countedPoints: 0, note: "revoked assurances count 0 points")
        }
        if record.assurerID == record.assureeID {
            return AssuranceContribution(
                record: record,
                countedPoints: 0,
                note: "Assurance Policy §4.1: nobody may assure themselves"
            )
        }
        guard assurersSeen.insert(record.assurerID).inserted else {
            return AssuranceContribution(
                record: record,
                countedPoints: 0,
                note: "Assurance Policy §4.1: one assurance per assurer and member; only the first counts"
            )
        }
        var points = min(max(0, record.points), highestAward)
        var note: String? =
            points == record.points ? nil : "Assurance Policy §4: an assurance counts 0 to \(highestAward) points"
        if record.method == .ttpAssisted {
            guard ttpCounted < ttpMaxCount else {
                return AssuranceContribution(
                    record: record,
                    countedPoints: 0,
                    note: "TTP-Assisted-Assurance Policy: only the first \(ttpMaxCount) TTP-assisted assurances count"
                )
            }
            ttpCounted += 1
            if points > ttpPointsCap {
                points = ttpPointsCap
                note = "TTP-Assisted-Assurance Policy: a TTP-assisted assurance counts at most \(ttpPointsCap) points"
            }
        }
        return AssuranceContribution(record: record, countedPoints: points, note: note)
    }
}
