import Authority
import Foundation

/// `status@`: a fresh status link, sent to the member's primary address only. The previous link stays
/// valid until the member answers that mail, so a forged `status@` cannot take a member's page away.
struct StatusHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let member = try robot.requester(request)
        let earlier = try robot.store.requestCount(
            sender: request.sender,
            kind: .status,
            since: robot.context.now.addingTimeInterval(-86_400),
            before: request.id
        )
        guard earlier < 3 else {
            throw RobotRefusal(
                "you asked for a fresh status link \(earlier + 1) times today; the link you have stays valid"
            )
        }
        let link = try robot.store.rotateStatusPageID(member: member.id)
        return .waiting(
            "sent a fresh status link to the primary address",
            pending: .retireStatusPage(memberID: member.id),
            probes: [
                ProbeSpec(
                    purpose: "status",
                    recipient: .member(member, address: member.primaryEmail),
                    template: "status",
                    values: ["link": robot.statusLink(link), "name": member.name]
                )
            ]
        )
    }
}
