import Authority
import Foundation
import Policy

/// `register@`: `Name:` as on the identity document and `Date-Of-Birth:`; a probe to the sender.
struct RegisterHandler: RequestHandler {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        guard let raw = request.mail.field("name"), !raw.isEmpty else {
            throw RobotRefusal("write your name as on your identity document in a line 'Name: …'")
        }
        let name: String
        switch PersonName.normalised(raw) {
        case .success(let normalised): name = normalised
        case .failure(let violation): throw RobotRefusal(violation.reason)
        }
        guard let birth = request.mail.field("date-of-birth"), !birth.isEmpty else {
            throw RobotRefusal("write your date of birth in a line 'Date-Of-Birth: YYYY-MM-DD'")
        }
        if case .failure(let violation) = IdentityRules.dateOfBirth(
            birth,
            today: CalendarDay(containing: robot.context.now)
        ) {
            throw RobotRefusal(violation.reason)
        }
        if try robot.store.email(request.sender) != nil {
            throw RobotRefusal(
                "\(request.sender) already belongs to an account; write to status@\(robot.configuration.mailDomain) for your status page"
            )
        }
        // The probe goes to an address nobody has proved yet: it names nothing the sender wrote.
        return .waiting(
            "confirmation sent to \(request.sender)",
            pending: .register(name: name, dateOfBirth: birth, email: request.sender, language: robot.requestLanguage),
            probes: [
                ProbeSpec(
                    purpose: "register",
                    recipient: .stranger(request.sender, language: robot.requestLanguage),
                    template: "probe-register",
                    values: ["address": request.sender]
                )
            ]
        )
    }
}
