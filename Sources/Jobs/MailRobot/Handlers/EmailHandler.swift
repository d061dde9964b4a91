import Authority
import Foundation
import Mail
import PKI

/// `email@`: `Add:` one plain address; a probe to it, and an authorisation from the primary address
/// unless the request is signed by the member.
struct EmailHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        guard let raw = request.mail.field("add"), !raw.isEmpty else {
            throw RobotRefusal("write the address to add in a line 'Add: name@example.org'")
        }
        // Exactly the address probed is the address stored: no display names, groups or comments.
        let address: String
        do {
            address = try Address.plainAddrSpec(raw)
        } catch {
            throw RobotRefusal("'\(raw.prefix(100))' is not one plain email address: \(Robot.reason(error))")
        }
        guard CertificateNames.isMailbox(address) else {
            throw RobotRefusal("'\(address)' is not an email address this CA can certify")
        }
        if let existing = try robot.store.email(address) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(address) is already on your account"
                    : "\(address) belongs to another account; disputes go to the operator"
            )
        }
        let probes =
            [
                ProbeSpec(
                    purpose: "email",
                    recipient: .stranger(address, language: member.language),
                    template: "probe-email",
                    values: ["address": address, "requester": request.sender]
                )
            ]
            + robot.authorisation(
                request,
                member: member,
                what: robot.text("request.addEmail", for: member, ["address": address])
            )
        return .waiting(
            "confirmation sent to \(address)",
            pending: .addEmail(memberID: member.id, address: address),
            probes: probes
        )
    }
}
