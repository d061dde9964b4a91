import Foundation
import Policy
import Store

/// What the CA knows of a member, for the operator (`vouch member show`). The date of birth is
/// not in it: the report says only whether the member is a minor.
package struct MemberReport: Sendable, Codable, Hashable {
    package struct Points: Sendable, Codable, Hashable {
        package var assurance: Int
        package var experience: Int
        package var total: Int
        /// The rule that held the assurance points down, if one did.
        package var limitedBy: String?
    }

    package struct AssuranceLine: Sendable, Codable, Hashable {
        package var id: Int64
        package var with: String
        package var points: Int
        /// Points counted towards the total, after the policy's caps.
        package var counted: Int?
        package var date: String
        package var location: String
        package var method: String
        package var revoked: Bool
        package var note: String?
        /// For a revoked assurance: when, the ruling, and (for one received) the assuree's assurance
        /// points just before and just after it.
        package var revokedAt: String?
        package var ruling: String?
        package var pointsBefore: Int?
        package var pointsAfter: Int?
    }

    package struct Address: Sendable, Codable, Hashable {
        package var name: String
        package var verified: String?
        package var method: String?
    }

    package struct CertificateLine: Sendable, Codable, Hashable {
        package var serial: String
        package var profile: String
        package var subject: String
        package var names: [String]
        package var notBefore: String
        package var notAfter: String
        package var revoked: String?
        package var reason: String?
    }

    package struct Privileges: Sendable, Codable, Hashable {
        package var profiles: [String]
        package var nameMayAppear: Bool
        package var isAssurer: Bool
        package var maximumAward: Int
        package var smimeLifetimeDays: Int
    }

    package var id: Int64
    package var name: String
    package var primaryEmail: String
    package var isMinor: Bool
    package var blocked: Bool
    /// The language of the member's mail and status page; nil: the site's default.
    package var language: String?
    package var points: Points
    package var privileges: Privileges
    package var assurancesReceived: [AssuranceLine]
    package var assurancesGiven: [AssuranceLine]
    package var emails: [Address]
    package var domains: [Address]
    package var certificates: [CertificateLine]

    /// Human-readable form.
    package var text: String {
        var lines = [
            "\(name) <\(primaryEmail)>  member #\(id)\(blocked ? "  BLOCKED" : "")\(isMinor ? "  minor" : "")",
            "points: \(points.total) (assurance \(points.assurance), experience \(points.experience))"
                + (points.limitedBy.map { "; limited by \($0)" } ?? ""),
            "privileges: \(privileges.profiles.isEmpty ? "none" : privileges.profiles.joined(separator: ", "))"
                + "; name in certificates: \(privileges.nameMayAppear ? "yes" : "no")"
                + "; assurer: \(privileges.isAssurer ? "yes (awards up to \(privileges.maximumAward))" : "no")",
            "language: \(language ?? "the default")",
        ]
        lines.append("assurances received:")
        lines += assurancesReceived.map {
            "  #\($0.id) \($0.points) (counted \($0.counted ?? 0)) from \($0.with) on \($0.date) at \($0.location)"
                + Self.revocation($0)
        }
        lines.append("assurances given:")
        lines += assurancesGiven.map { "  #\($0.id) \($0.points) to \($0.with) on \($0.date)" + Self.revocation($0) }
        lines.append("email addresses:")
        lines += emails.map { "  \($0.name)  \($0.verified.map { "verified \($0)" } ?? "unverified")" }
        lines.append("domains:")
        lines += domains.map { "  \($0.name)  \($0.verified.map { "verified \($0)" } ?? "unverified")" }
        lines.append("certificates:")
        lines += certificates.map {
            "  \($0.serial) \($0.profile) \($0.names.joined(separator: ",")) \($0.notBefore)..\($0.notAfter)"
                + ($0.revoked.map { " REVOKED \($0)" } ?? "")
        }
        return lines.joined(separator: "\n")
    }

    private static func revocation(_ line: AssuranceLine) -> String {
        guard line.revoked else { return "" }
        var text = " REVOKED \(line.revokedAt ?? "")"
        if let ruling = line.ruling { text += " (\(ruling))" }
        if let before = line.pointsBefore, let after = line.pointsAfter {
            text += "; assurance points \(before) -> \(after)"
        }
        return text
    }
}

extension CertificateAuthority {
    /// The operator's view of the member whose address (primary or another) is `email`.
    package func memberReport(email: String, now: Date = Date()) throws -> MemberReport {
        let address = email.lowercased()
        guard
            let member = try store.member(byEmail: address)
                ?? store.email(address).flatMap({ try store.member(id: $0.memberID) })
        else {
            throw AuthorityError(.unknownMember, "no member has the address \(address)")
        }
        return try memberReport(member, now: now)
    }

    /// The report of one member, as the operator and the member's own status page show it.
    package func memberReport(_ member: Member, now: Date = Date()) throws -> MemberReport {
        let facts = try memberFacts(member)
        let policy = configuration.policy
        let privileges = policy.privileges(of: facts, at: now)
        let points = policy.assurancePoints(received: facts.assurancesReceived)
        func primaryEmail(of id: Int64) throws -> String { try store.member(id: id)?.primaryEmail ?? "#\(id)" }
        let received = try store.assurances(receivedBy: member.id)
        let counted = Dictionary(
            points.contributions.map { ($0.record.assurerID, ($0.countedPoints, $0.note)) },
            uniquingKeysWith: { a, _ in a }
        )
        return MemberReport(
            id: member.id,
            name: member.name,
            primaryEmail: member.primaryEmail,
            isMinor: privileges.isMinor,
            blocked: member.blocked,
            language: member.language,
            points: MemberReport.Points(
                assurance: privileges.assurancePoints,
                experience: privileges.experiencePoints,
                total: privileges.totalPoints,
                limitedBy: points.limitingRule
            ),
            privileges: MemberReport.Privileges(
                profiles: privileges.profiles.map(\.rawValue).sorted(),
                nameMayAppear: privileges.nameMayAppear,
                isAssurer: privileges.isAssurer,
                maximumAward: privileges.maximumAward,
                smimeLifetimeDays: privileges.smimeLifetimeDays
            ),
            assurancesReceived: try received.map { assurance in
                let change = assurance.revokedAt.map { pointsAround(revocationAt: $0, of: received, facts: facts) }
                return MemberReport.AssuranceLine(
                    id: assurance.id,
                    with: try primaryEmail(of: assurance.assurerID),
                    points: assurance.points,
                    counted: counted[assurance.assurerID]?.0,
                    date: assurance.meetingDate,
                    location: assurance.location,
                    method: assurance.method.rawValue,
                    revoked: assurance.revokedAt != nil,
                    note: counted[assurance.assurerID]?.1,
                    revokedAt: assurance.revokedAt.map(Self.timestamp),
                    ruling: assurance.revocationReason,
                    pointsBefore: change?.before,
                    pointsAfter: change?.after
                )
            },
            assurancesGiven: try store.assurances(givenBy: member.id).map { assurance in
                MemberReport.AssuranceLine(
                    id: assurance.id,
                    with: try primaryEmail(of: assurance.assureeID),
                    points: assurance.points,
                    counted: nil,
                    date: assurance.meetingDate,
                    location: assurance.location,
                    method: assurance.method.rawValue,
                    revoked: assurance.revokedAt != nil,
                    note: nil,
                    revokedAt: assurance.revokedAt.map(Self.timestamp),
                    ruling: assurance.revocationReason
                )
            },
            emails: try store.emails(forMember: member.id).map {
                MemberReport.Address(
                    name: $0.address,
                    verified: $0.verifiedAt.map(Self.timestamp),
                    method: $0.verificationMethod
                )
            },
            domains: try store.domains(forMember: member.id).map {
                MemberReport.Address(
                    name: $0.name,
                    verified: $0.verifiedAt.map(Self.timestamp),
                    method: $0.verificationMethod
                )
            },
            certificates: try store.certificates(forMember: member.id).filter { $0.der != nil }.map {
                MemberReport.CertificateLine(
                    serial: $0.serialHex,
                    profile: $0.profile,
                    subject: $0.subject,
                    names: $0.subjectAltNames,
                    notBefore: Self.timestamp($0.notBefore),
                    notAfter: Self.timestamp($0.notAfter),
                    revoked: $0.revokedAt.map(Self.timestamp),
                    reason: $0.revocationReason
                )
            }
        )
    }

    /// The assurance points just before and just after the revocation at `time`: the assurances
    /// revoked from then on counted as they were before, and then without this one.
    private func pointsAround(
        revocationAt time: Date,
        of received: [Assurance],
        facts: MemberFacts
    ) -> (before: Int, after: Int) {
        func points(countingRevokedFrom cutoff: (Date) -> Bool) -> Int {
            var records = facts.assurancesReceived
            for (index, assurance) in received.enumerated() where index < records.count {
                records[index].revoked = assurance.revokedAt.map { !cutoff($0) } ?? false
            }
            return configuration.policy.assurancePoints(received: records).points
        }
        return (points { $0 >= time }, points { $0 > time })
    }

    /// ISO 8601 in UTC (`2026-12-01T12:00:00Z`), by hand: a formatter made per call dominated the
    /// cost of a site build's member pages.
    package static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }
}
