import Foundation
import Policy
import Store

/// An assurance as an assurer reports it (the `assure@` form of DESIGN.md).
package struct AssuranceReport: Sendable {
    package var assurerEmail: String
    package var assureeEmail: String
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
        points: Int,
        meetingDate: String,
        location: String,
        method: Policy.AssuranceMethod = .faceToFace,
        documents: String,
        capSigned: Bool
    ) {
        self.assurerEmail = assurerEmail
        self.assureeEmail = assureeEmail
        self.points = points
        self.meetingDate = meetingDate
        self.location = location
        self.method = method
        self.documents = documents
        self.capSigned = capSigned
    }
}

extension CertificateAuthority {
    /// Records an assurance after the policy has checked it: assurer status, the award table, minors,
    /// one per pair, none of oneself, TTP caps. Each refusal names its rule.
    @discardableResult
    package func recordAssurance(_ report: AssuranceReport, now: Date = Date()) throws -> Assurance {
        guard let assurer = try store.member(byEmail: report.assurerEmail.lowercased()) else {
            throw AuthorityError(.unknownMember, "no member has the address \(report.assurerEmail) (the assurer)")
        }
        guard let assuree = try store.member(byEmail: report.assureeEmail.lowercased()) else {
            throw AuthorityError(.unknownMember, "no member has the address \(report.assureeEmail) (the assuree)")
        }
        guard report.capSigned else {
            throw refusal(
                "CAcert Assurance Policy: the assuree signs the CAP form at the meeting; say CAP-Signed: yes once they have"
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
        return try store.recordAssurance(
            assurer: assurer.id,
            assuree: assuree.id,
            points: report.points,
            meetingDate: report.meetingDate,
            location: report.location,
            method: report.method == .ttpAssisted ? .ttpAssisted : .faceToFace,
            documents: report.documents,
            capSigned: true
        )
    }
}
