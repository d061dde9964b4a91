import Foundation

extension PolicyConfiguration {
    /// Why the member's name may not appear in certificates at `now`; empty when it may (Assurance Policy §2.2: 50
    /// points; PoJAM §3.1: consent for minors).
    public func nameViolations(of member: MemberFacts, at now: Date) -> [PolicyViolation] {
        var violations: [PolicyViolation] = []
        if member.blocked {
            violations.append(blocked())
        }
        let points = assurancePoints(received: member.assurancesReceived).points
        if points < nameMinPoints {
            violations.append(
                PolicyViolation(
                    code: .insufficientPoints,
                    reason:
                        "Assurance Policy §2.1: a name appears in certificates from \(nameMinPoints) assurance points; "
                        + "the member has \(points)"
                )
            )
        }
        if needsParentalConsent(member, at: now) {
            violations.append(minorWithoutConsent(for: "certificates with their name"))
        }
        return violations
    }

    /// Whether the member's name may appear in certificates at `now` (Assurance Policy §2.2; PoJAM §3.1).
    public func mayNameAppear(for member: MemberFacts, at now: Date) -> Bool {
        nameViolations(of: member, at: now).isEmpty
    }

    /// Why the member may not get a certificate of `profile` at `now`; empty when they may (DESIGN.md privileges;
    /// Assurance Policy §2.2).
    ///
    /// S/MIME and TLS need only a verified address or domain, which the caller checks; code signing carries the
    /// assured name and needs `codeSigningMinPoints`.
    public func profileViolations(
        _ profile: CertificateProfileKind,
        for member: MemberFacts,
        at now: Date
    ) -> [PolicyViolation] {
        switch profile {
        case .smime, .tls:
            return member.blocked ? [blocked()] : []
        case .codeSigning:
            var violations = nameViolations(of: member, at: now)
                .filter { $0.code != .insufficientPoints }
            let points = assurancePoints(received: member.assurancesReceived).points
            if points < codeSigningMinPoints {
                violations.append(
                    PolicyViolation(
                        code: .insufficientPoints,
                        reason:
                            "Vouch policy (DESIGN.md, after the CAcert CPS): "
                            + "code signing needs \(codeSigningMinPoints) assurance points; the member has \(points)"
                    )
                )
            }
            return violations
        }
    }

    /// The certificate kinds the member may request at `now` (see `profileViolations`).
    public func allowedProfiles(for member: MemberFacts, at now: Date) -> Set<CertificateProfileKind> {
        Set(CertificateProfileKind.allCases.filter { profileViolations($0, for: member, at: now).isEmpty })
    }

    /// Everything the member may do at `now`, with the points behind it.
    public func privileges(of member: MemberFacts, at now: Date) -> Privileges {
        let assurance = assurancePoints(received: member.assurancesReceived).points
        let experience = experiencePoints(assurancesGiven: member.assurancesGiven)
        let assurer = isAssurer(member, at: now)
        return Privileges(
            assurancePoints: assurance,
            experiencePoints: experience,
            totalPoints: totalPoints(assurance: assurance, experience: experience),
            isMinor: isMinor(member, at: now),
            nameMayAppear: mayNameAppear(for: member, at: now),
            isAssurer: assurer,
            maximumAward: assurer ? maximumAward(by: member, on: CalendarDay(containing: now)) : 0,
            profiles: allowedProfiles(for: member, at: now),
            smimeLifetimeDays: smimeLifetimeDays(points: assurance)
        )
    }
}
