import Authority
import Foundation
import PKI
import Policy

/// `domain@`: `Domain:` and `Contact:` one of the constructed addresses of TLS BR 3.2.2.4.4; a probe
/// to CONTACT@DOMAIN, and an authorisation from the primary address unless signed.
struct DomainHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        guard let raw = request.mail.field("domain"), !raw.isEmpty else {
            throw RobotRefusal("write the domain in a line 'Domain: example.org'")
        }
        let domain = try robot.authority.checkedDomain(raw)
        let method = try DomainValidationMethod(field: request.mail.field("method"))
        if method == .dnsChange { return try robot.startDNSChange(request, member: member, domain: domain) }
        let contact = (request.mail.field("contact") ?? "").lowercased()
        if method != .dnsContact, let violation = IdentityRules.contactViolation(contact) {
            throw RobotRefusal(violation.reason)
        }
        if let existing = try robot.store.domain(domain) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(domain) is already on your account"
                    : "\(domain) belongs to another account; disputes go to the operator"
            )
        }
        let target = method == .dnsContact ? try robot.dnsContact(of: domain) : "\(contact)@\(domain)"
        let probes =
            [
                ProbeSpec(
                    purpose: "domain",
                    recipient: .stranger(target, language: member.language),
                    template: method.probeTemplate,
                    values: ["domain": domain, "requester": request.sender]
                )
            ]
            + robot.authorisation(
                request,
                member: member,
                what: robot.text("request.addDomain", for: member, ["domain": domain])
            )
        return .waiting(
            "confirmation sent to \(target)",
            pending: .addDomain(
                memberID: member.id,
                domain: domain,
                method: method.recorded,
                contact: target
            ),
            probes: probes
        )
    }
}
