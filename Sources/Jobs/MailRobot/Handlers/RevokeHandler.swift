import Authority
import Foundation
import PKI

/// `revoke@`: `Serial:` and an optional `Reason:` (keyCompromise, superseded, cessationOfOperation,
/// affiliationChanged). Only the certificate's own member may revoke by mail; the member confirms from
/// the primary address unless the request is signed.
struct RevokeHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        guard let raw = request.mail.field("serial"), !raw.isEmpty else {
            throw RobotRefusal("write the certificate's serial number in a line 'Serial: …' (hexadecimal)")
        }
        let serial = raw.lowercased().filter { !":- ".contains($0) }
        var reason: RevocationReason?
        if let text = request.mail.field("reason"), !text.isEmpty {
            guard let parsed = RevocationReason(name: text) else {
                throw RobotRefusal(
                    "'Reason: \(text.prefix(40))' is not a revocation reason; write keyCompromise, superseded, cessationOfOperation or affiliationChanged, or leave the line out",
                    withoutEcho:
                        "the Reason: line names no revocation reason; write keyCompromise, superseded, cessationOfOperation or affiliationChanged"
                )
            }
            reason = parsed
        }
        let certificate = try robot.authority.checkRevocationByMember(
            memberID: member.id,
            serialHex: serial,
            reason: reason
        )
        let pending = PendingChange.revoke(memberID: member.id, serialHex: certificate.serialHex, reason: reason?.name)
        if robot.isSigned(request, by: member) { return .apply(pending) }
        return .waiting(
            "confirmation sent to \(member.primaryEmail)",
            pending: pending,
            probes: robot.authorisation(
                request,
                member: member,
                what: reason.map {
                    robot.text(
                        "request.revokeWithReason",
                        for: member,
                        ["serial": certificate.serialHex, "reason": $0.name]
                    )
                } ?? robot.text("request.revoke", for: member, ["serial": certificate.serialHex])
            )
        )
    }
}
