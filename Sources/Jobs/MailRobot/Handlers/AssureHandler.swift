import Authority
import Foundation
import Policy

/// `assure@`: an assurer reports a face-to-face meeting (`Assuree:`, `Name:`, `Date-Of-Birth:`,
/// `Points:`, `Date:`, `Location:`, `Documents:`, `CAP-Signed: yes`). Every rule is checked now,
/// and again when the assurer has confirmed from the primary address (unless the mail was signed).
struct AssureHandler: RequestHandler {
    static let requiredFields = [
        "Assuree", "Name", "Date-Of-Birth", "Points", "Date", "Location", "Documents", "CAP-Signed",
    ]

    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome {
        let assurer = try robot.requester(request)
        let missing = Self.requiredFields.filter { (request.mail.field($0) ?? "").isEmpty }
        guard missing.isEmpty else {
            throw RobotRefusal(
                "the assurance form lacks \(missing.map { "'\($0):'" }.joined(separator: ", ")); every line of the form is needed (see \(robot.configuration.baseURL)/help/assurer-handbook.html)"
            )
        }
        let rawPoints = request.mail.field("points")!
        guard let points = Int(rawPoints) else {
            throw RobotRefusal("'Points: \(rawPoints.prefix(20))' is not a whole number of points")
        }
        if case .failure(let violation) = IdentityRules.dateOfBirth(
            request.mail.field("date-of-birth")!,
            today: CalendarDay(containing: robot.context.now)
        ) {
            throw RobotRefusal("Date-Of-Birth: \(violation.reason)")
        }
        let report = AssuranceReport(
            assurerEmail: assurer.primaryEmail,
            assureeEmail: request.mail.field("assuree")!,
            statedName: request.mail.field("name")!,
            statedDateOfBirth: request.mail.field("date-of-birth")!,
            points: points,
            meetingDate: request.mail.field("date")!,
            location: request.mail.field("location")!,
            documents: request.mail.field("documents")!,
            capSigned: request.mail.field("cap-signed")!.lowercased() == "yes"
        )
        do {
            try robot.authority.checkAssurance(report, now: robot.context.now)
        } catch let mismatch as IdentityMismatch {
            throw RobotRefusal(
                mismatch.reason,
                notices: [
                    RobotRefusal.Notice(
                        template: "assure-mismatch",
                        recipient: .member(mismatch.assuree, address: mismatch.assuree.primaryEmail),
                        values: [
                            "fields": mismatch.fieldNames, "assurer": mismatch.assurer.name,
                            "name": mismatch.assuree.name,
                        ]
                    )
                ]
            )
        }
        let pending = PendingChange.assure(report)
        if robot.isSigned(request, by: assurer) { return .apply(pending) }
        return .waiting(
            "confirmation sent to \(assurer.primaryEmail)",
            pending: pending,
            probes: robot.authorisation(
                request,
                member: assurer,
                what:
                    "record your assurance of \(report.assureeEmail) with \(points) points (met \(report.meetingDate))"
            )
        )
    }
}
