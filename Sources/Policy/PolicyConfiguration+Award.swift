extension PolicyConfiguration {
    /// The most points an assurer may award: the award-table row for their experience (Assurance Policy §4.3), and at
    /// most `minorMaxAward` while under 18 (PoJAM).
    public func maximumAward(experience: Int, isMinor: Bool) -> Int {
        let experience = min(max(0, experience), maxExperience)
        let row = awardTable.sorted { $0.minimumExperience < $1.minimumExperience }
            .last { $0.minimumExperience <= experience }
        let byExperience = row?.maximumAward ?? 0
        return isMinor ? min(byExperience, minorMaxAward) : byExperience
    }

    /// The most points an assurer of `assurerAge` full years may award (Assurance Policy §4.3; PoJAM for under 18).
    public func maximumAward(experience: Int, assurerAge: Int) -> Int {
        maximumAward(experience: experience, isMinor: assurerAge < adultAge)
    }

    /// The most points `assurer` may award at a meeting on `day` (Assurance Policy §4.3; PoJAM for under 18).
    public func maximumAward(by assurer: MemberFacts, on day: CalendarDay) -> Int {
        maximumAward(
            experience: experiencePoints(assurancesGiven: assurer.assurancesGiven),
            assurerAge: assurer.dateOfBirth.wholeYears(until: day)
        )
    }
}
