import Authority
import Foundation
import PKI

/// `domain@`: `Domain:` and `Contact:` one of the constructed addresses of TLS BR 3.2.2.4.4; a probe
/// to CONTACT@DOMAIN, and an authorisation from the primary address unless signed.
struct DomainHandler: RequestHandler {
    static let constructedContacts = ["admin", "administrator", "webmaster", "hostmaster", "postmaster"]

    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        guard let raw = request.mail.field("domain"), !raw.isEmpty else {
            throw RobotRefusal("write the domain in a line 'Domain: example.org'")
        }
        let domain = try robot.authority.checkedDomain(raw)
        let contact = (request.mail.field("contact") ?? "").lowercased()
        guard Self.constructedContacts.contains(contact) else {
            throw RobotRefusal(
                "write 'Contact:' with one of \(Self.constructedContacts.joined(separator: ", ")) (TLS Baseline Requirements 3.2.2.4.4)"
            )
        }
        if let existing = try robot.store.domain(domain) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(domain) is already on your account"
                    : "\(domain) belongs to another account; disputes go to the operator"
            )
        }
        let target = "\(contact)@\(domain)"
        let probes =
            [
                ProbeSpec(
                    purpose: "domain",
                    recipient: .stranger(target),
                    template: "probe-domain",
                    values: ["domain": domain, "requester": request.sender]
                )
            ] + robot.authorisation(request, member: member, what: "add the domain \(domain) to your account")
        return .waiting(
            "confirmation sent to \(target)",
            pending: .addDomain(
                memberID: member.id,
                domain: domain,
                method: "constructed address (BR 3.2.2.4.4)",
                contact: target
            ),
            probes: probes
        )
    }
}
