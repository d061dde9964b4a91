import Failure
import Foundation
import PKI
import Policy
import Store

/// An assurance as an assurer reports it (the `assure@` form of DESIGN.md), or as the operator
/// records a TTP-assisted one.
package struct AssuranceReport: Sendable, Codable, Hashable {
    package var assurerEmail: String
    package var assureeEmail: String
    /// The name and date of birth as the assurer read them on the identity document; nil only for
    /// records made without a document check (the demo's founding round, older tests).
    package var statedName: String?
    package var statedDateOfBirth: String?
    package var points: Int
    /// `YYYY-MM-DD`.
    package var meetingDate: String
    package var location: String
    package var method: Policy.AssuranceMethod
    package var documents: String
    package var capSigned: Bool

    package init(
        assurerEmail: String,
        assureeEmail: String,
        statedName: String? = nil,
        statedDateOfBirth: String? = nil,
        points: Int,
        meetingDate: String,
        location: String,
        method: Policy.AssuranceMethod = .faceToFace,
        documents: String,
        capSigned: Bool
    ) {
        self.assurerEmail = assurerEmail
        self.assureeEmail = assureeEmail
        self.statedName = statedName
        self.statedDateOfBirth = statedDateOfBirth
        self.points = points
        self.meetingDate = meetingDate
        self.location = location
        self.method = method
        self.documents = documents
        self.capSigned = capSigned
    }
}

/// The assurer read a name or date of birth that differs from the assuree's record: refused, and
/// both people are told which field, never the recorded value.
package struct IdentityMismatch: VouchFailure, Hashable {
    package let fields: [IdentityField]
    package let assurer: Member
    package let assuree: Member

    package var fieldNames: String { fields.map(\.fieldName).joined(separator: " and ") }

    package var description: String { reason }
    package var failureCode: String { PolicyViolation.Code.identityMismatch.rawValue }
    package var failureContext: [String: String] { ["fields": fieldNames, "assuree": assuree.primaryEmail] }

    package var reason: String {
        "Assurance Policy §8: the \(fieldNames) you wrote differ\(fields.count == 1 ? "s" : "") from what \(assuree.primaryEmail) registered; nothing was recorded. Check the document again; if it is right, the member corrects the record with the operator first"
    }
}

/// What recording an assurance changed, for the mails to both people.
package struct RecordedAssurance: Sendable {
    package let assurance: Assurance
    package let assurer: Member
    package let assuree: Member
    package let before: Privileges
    package let after: Privileges
}

/// What an arbitrator's ruling on an assurance changed.
package struct AssuranceRuling: Sendable {
    package let assurance: Assurance
    package let assurer: Member
    package let assuree: Member
    package let before: Privileges
    package let after: Privileges
    /// Certificates of the assuree revoked (privilegeWithdrawn) because the points no longer allow them.
    package let revoked: [CertificateRecord]
}

extension CertificateAuthority {
    /// Every check of `recordAssurance` without recording: the members, the CAP form, the document
    /// check, and the policy (assurer status, the award table, minors, one per pair, none of oneself,
    /// the meeting date, TTP caps). Each refusal names its rule.
    @discardableResult
    package func checkAssurance(_ report: AssuranceReport, now: Date = Date()) throws -> (Member, Member) {
        guard let assurer = try store.member(byEmail: report.assurerEmail.lowercased()) else {
            throw AuthorityError(.unknownMember, "no member has the address \(report.assurerEmail) (the assurer)")
        }
        guard let assuree = try memberOwning(report.assureeEmail) else {
            throw AuthorityError(
                .unknownMember,
                "no member has the address \(report.assureeEmail) (the assuree); they register first with register@\(configuration.mailDomain)"
            )
        }
        guard report.capSigned else {
            throw refusal(
                "Assurance Policy §5: the assuree signs the CAP form at the meeting; say CAP-Signed: yes once they have"
            )
        }
        guard let meeting = CalendarDay(iso8601: report.meetingDate) else {
            throw refusal("the meeting date '\(report.meetingDate)' is not a date of the form YYYY-MM-DD")
        }
        let proposal = AssuranceRecord(
            assurerID: assurer.id,
            assureeID: assuree.id,
            points: report.points,
            method: report.method,
            meetingDate: meeting
        )
        let assurerFacts = try memberFacts(assurer)
        let assureeFacts = try memberFacts(assuree)
        if let violation = configuration.policy.assuranceViolations(
            proposal,
            assurer: assurerFacts,
            assuree: assureeFacts,
            at: now
        ).first {
            throw refusal(violation.reason)
        }
        if let name = report.statedName, let birth = report.statedDateOfBirth {
            let fields = IdentityRules.mismatches(
                statedName: name,
                statedDateOfBirth: birth,
                recordedName: assuree.name,
                recordedDateOfBirth: assureeFacts.dateOfBirth
            )
            if !fields.isEmpty { throw IdentityMismatch(fields: fields, assurer: assurer, assuree: assuree) }
        }
        return (assurer, assuree)
    }

    /// Records an assurance after `checkAssurance` has passed it, in one transaction (joining the
    /// caller's), with the assuree's privileges before and after.
    @discardableResult
    package func recordAssurance(_ report: AssuranceReport, now: Date = Date()) throws -> RecordedAssurance {
        try store.transaction {
            let (assurer, assuree) = try checkAssurance(report, now: now)
            let before = configuration.policy.privileges(of: try memberFacts(assuree), at: now)
            let assurance = try store.recordAssurance(
                assurer: assurer.id,
                assuree: assuree.id,
                points: report.points,
                meetingDate: report.meetingDate,
                location: report.location,
                method: report.method == .ttpAssisted ? .ttpAssisted : .faceToFace,
                documents: report.documents,
                capSigned: true
            )
            let after = configuration.policy.privileges(of: try memberFacts(assuree), at: now)
            return RecordedAssurance(
                assurance: assurance,
                assurer: try store.member(id: assurer.id) ?? assurer,
                assuree: assuree,
                before: before,
                after: after
            )
        }
    }

    /// An arbitrator's ruling: the assurance stays on record but counts 0; the assuree's points are
    /// recomputed, and every unexpired certificate the assuree no longer qualifies for (a name in it,
    /// code signing, an S/MIME lifetime above what the points now allow) is revoked with
    /// `privilegeWithdrawn`. One transaction.
    package func revokeAssurance(id: Int64, reason: String, now: Date = Date()) throws -> AssuranceRuling {
        try store.transaction {
            guard let existing = try store.assurance(id: id) else {
                throw AuthorityError(.refused, "no assurance has id \(id); `vouch assurance list` shows them")
            }
            guard let assurer = try store.member(id: existing.assurerID),
                let assuree = try store.member(id: existing.assureeID)
            else {
                throw AuthorityError(.unknownMember, "assurance \(id) names a member the registry does not hold")
            }
            let policy = configuration.policy
            let before = policy.privileges(of: try memberFacts(assuree), at: now)
            let assurance = try store.revokeAssurance(id: id, reason: reason, at: now.wholeSeconds)
            let after = policy.privileges(of: try memberFacts(assuree), at: now)
            var revoked: [CertificateRecord] = []
            for certificate in try store.certificates(forMember: assuree.id)
            where certificate.der != nil && certificate.revokedAt == nil && certificate.notAfter > now
                && !Self.stillQualifies(certificate, after)
            {
                revoked.append(try revoke(serialHex: certificate.serialHex, reason: .privilegeWithdrawn, now: now))
            }
            return AssuranceRuling(
                assurance: assurance,
                assurer: assurer,
                assuree: assuree,
                before: before,
                after: after,
                revoked: revoked
            )
        }
    }

    /// Records a parent's or guardian's consent for a member under 18 (PoJAM §2.4); refused for an
    /// adult, for whom it means nothing, and when already recorded.
    package func recordParentalConsent(email: String, now: Date = Date()) throws -> Member {
        guard let member = try memberOwning(email) else {
            throw AuthorityError(.unknownMember, "no member has the address \(email)")
        }
        guard configuration.policy.isMinor(try memberFacts(member), at: now) else {
            throw refusal("\(member.primaryEmail) is not under \(configuration.policy.adultAge); no consent is needed")
        }
        if let recorded = member.parentalConsentAt {
            throw refusal("parental consent for \(member.primaryEmail) was already recorded on \(recorded)")
        }
        return try store.recordParentalConsent(member: member.id, at: now.wholeSeconds)
    }

    /// The member holding `address` as primary or other verified address.
    package func memberOwning(_ address: String) throws -> Member? {
        let lowered = address.lowercased()
        if let member = try store.member(byEmail: lowered) { return member }
        guard let email = try store.email(lowered), email.verifiedAt != nil else { return nil }
        return try store.member(id: email.memberID)
    }

    /// Whether a certificate is still one its member's privileges allow.
    private static func stillQualifies(_ certificate: CertificateRecord, _ privileges: Privileges) -> Bool {
        switch CertificateProfile(name: certificate.profile) {
        case .smimeIndividual: return privileges.nameMayAppear
        case .codeSigning: return privileges.profiles.contains(.codeSigning)
        case .smimeMailbox:
            let days = certificate.notAfter.timeIntervalSince(certificate.notBefore) / 86_400
            return days <= Double(privileges.smimeLifetimeDays) + 1
        default: return true
        }
    }
}
