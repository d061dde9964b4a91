import Authority
import Foundation
import Store

/// `verify+TOKEN@`: a reply to a probe. It confirms only when it comes from the address the probe was
/// sent to, is not automated (checked before any handler), and carries the probe's code in its own
/// text or subject. A reply refused for any of these leaves the probe unused, so the real reply still
/// works. Consuming the probe, applying every request it completes and closing them is one transaction
/// in the Authority, joined by the mail that tells the member.
struct ConfirmationHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        guard let hash = request.mail.tokenHash, let probe = try robot.store.probe(tokenHash: hash) else {
            throw RobotRefusal("this confirmation address is not one we sent; reply to the confirmation mail itself")
        }
        guard probe.usedAt == nil else {
            throw RobotRefusal("this confirmation was already used; nothing more is needed")
        }
        guard probe.expiresAt > robot.context.now else {
            throw RobotRefusal("this confirmation expired; send the request again")
        }
        guard request.sender.lowercased() == probe.target.lowercased() else {
            throw RobotRefusal(
                "a confirmation must come from the address the mail was sent to; reply from \(probe.target)",
                withoutEcho: "a confirmation must come from the address the confirmation mail was sent to"
            )
        }
        guard request.mail.carriesCode else {
            throw RobotRefusal(
                "the reply does not carry the confirmation code; reply again with the code from the mail in your own text"
            )
        }
        let confirmation = try robot.authority.confirm(tokenHash: hash, now: robot.context.now)
        for completed in confirmation.completed {
            try robot.notify(completed)
        }
        let done = confirmation.completed.map { "request \($0.request.id): \($0.result)" }
        if done.isEmpty {
            if !confirmation.stillWaiting.isEmpty {
                return .done("confirmed \(probe.purpose); waiting for another confirmation")
            }
            return .done("confirmed \(probe.purpose); nothing was waiting for it")
        }
        return .done("confirmed " + done.joined(separator: "; "))
    }
}
