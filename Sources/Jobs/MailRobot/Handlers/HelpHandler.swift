import Authority
import Foundation

/// Any other address: the list of what the robot does.
struct HelpHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        try robot.mail.queue(
            "help",
            to: robot.recipient(for: request.sender),
            values: ["subject": request.mail.subject],
            purpose: .reply,
            requestID: request.id,
            inReplyTo: request.mail.messageID
        )
        return .done("sent the list of robot addresses")
    }
}
