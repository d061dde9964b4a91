import Authority
import Foundation
import PKI
import Store

/// `csr@`: one certificate request (PEM in the body or a `.csr`/`.pem`/`.req` attachment, PEM or
/// DER) and an optional `Profile:`. Every check runs before any probe goes out, so a bad request is
/// refused at once with its reason; then the member confirms from the primary address (unless the
/// request is signed with their own certificate) and the CSR job issues.
struct CSRHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        let candidates = request.mail.csrs.reduce(into: [Data]()) { found, csr in
            if !found.contains(csr) { found.append(csr) }
        }
        guard !candidates.isEmpty else {
            throw RobotRefusal(
                "the mail holds no certificate request: paste the PEM (BEGIN CERTIFICATE REQUEST) into the text or attach the .csr file"
            )
        }
        guard candidates.count == 1 else {
            throw RobotRefusal("the mail holds \(candidates.count) certificate requests; send one per mail")
        }
        let csr: CertificateSigningRequest
        do {
            csr = try CertificateSigningRequest(bytes: Array(candidates[0]))
        } catch {
            throw RobotRefusal("the certificate request cannot be read: \(Robot.reason(error))")
        }
        let profile = try Self.profile(request.mail.field("profile"))
        let plan = try robot.authority.planIssuance(
            memberID: member.id,
            csr: csr,
            profile: profile,
            now: robot.context.now,
            allowingStaleMailboxes: true
        )
        if plan.profile == .tlsDomain {
            // CAA is checked again when the certificate is signed; here it saves a pointless round trip.
            let refusals = try robot.authority.evaluateCAA(dnsNames: plan.names.dnsNames, now: robot.context.now)
                .refusals
            guard refusals.isEmpty else {
                throw RobotRefusal(
                    "CAA does not allow this CA to issue for "
                        + refusals.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
                )
            }
        }
        let pending = PendingChange.issue(memberID: member.id, profile: plan.profile.name, csr: Data(try csr.der))
        let description = Self.describe(plan, robot: robot, member: member)
        // An address whose validation is too old is probed afresh: its reply renews the validation.
        let renewals = plan.staleMailboxes.map { address in
            ProbeSpec(
                purpose: "mailbox",
                recipient: .member(member, address: address),
                template: "probe-mailbox",
                values: ["address": address, "what": description]
            )
        }
        if robot.isSigned(request, by: member) && renewals.isEmpty { return .apply(pending) }
        let probes =
            renewals
            + robot.authorisation(
                request,
                member: member,
                what: robot.text("request.issue", for: member, ["certificate": description])
            )
        return .waiting("confirmation sent to \(member.primaryEmail)", pending: pending, probes: probes)
    }

    /// The profile a `Profile:` field names; nil (inferred from the names) when absent.
    static func profile(_ field: String?) throws -> CertificateProfile? {
        guard let field, !field.isEmpty else { return nil }
        switch field.lowercased() {
        case "smime", "s/mime", "email": return .smimeMailbox
        case "smime-individual", "individual": return .smimeIndividual
        case "tls", "server": return .tlsDomain
        case "codesign", "code-signing", "codesigning": return .codeSigning
        default:
            throw RobotRefusal(
                "'Profile: \(field.prefix(40))' is not a profile; write smime, smime-individual, tls or codesign",
                withoutEcho: "the Profile: line names no profile; write smime, smime-individual, tls or codesign"
            )
        }
    }

    /// "an S/MIME certificate for alice@example.org", in the member's language.
    static func describe(_ plan: IssuancePlan, robot: Robot, member: Member) -> String {
        let names = plan.names.emailAddresses + plan.names.dnsNames
        let key =
            switch plan.profile {
            case .smimeMailbox: "certificate.smimeMailbox"
            case .smimeIndividual: "certificate.smimeIndividual"
            case .tlsDomain: "certificate.tlsDomain"
            case .codeSigning: "certificate.codeSigning"
            default: "certificate.other"
            }
        let profile = robot.text(key, for: member)
        return names.isEmpty
            ? profile
            : robot.text(
                "certificate.forNames",
                for: member,
                ["certificate": profile, "names": names.joined(separator: ", ")]
            )
    }
}
