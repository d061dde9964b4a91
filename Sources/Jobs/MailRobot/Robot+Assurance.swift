import Authority
import Foundation
import Policy
import Store

extension Robot {
    /// Tells both people about a recorded assurance: the assurer that it stands, the assuree what
    /// their points are now and, on crossing a threshold, what they may now do.
    func notifyAssurance(_ recorded: RecordedAssurance, requestID: Int64, inReplyTo: String?) throws {
        let assurance = recorded.assurance
        let common: [String: Any] = [
            "assurer": recorded.assurer.name, "assuree": recorded.assuree.name,
            "assureeEmail": recorded.assuree.primaryEmail, "points": assurance.points,
            "date": assurance.meetingDate, "location": assurance.location, "id": assurance.id,
        ]
        var toAssurer = common
        let assurerPrivileges = configuration.policy.privileges(
            of: try authority.memberFacts(recorded.assurer),
            at: context.now
        )
        toAssurer["experience"] = assurerPrivileges.experiencePoints
        toAssurer["maximumAward"] = assurerPrivileges.maximumAward
        var toAssuree = common
        toAssuree["before"] = recorded.before.assurancePoints
        toAssuree["after"] = recorded.after.assurancePoints
        toAssuree["counted"] = recorded.after.assurancePoints - recorded.before.assurancePoints
        toAssuree["gained"] = gainedPrivileges(recorded.before, recorded.after).map { ["item": $0] }
        toAssuree["link"] = statusLink(recorded.assuree.statusPageID)
        for (template, member, values, reply) in [
            ("assurance-recorded", recorded.assurer, toAssurer, inReplyTo),
            ("assured", recorded.assuree, toAssuree, nil),
        ] {
            do {
                try mail.queue(
                    template,
                    to: .member(member, address: member.primaryEmail),
                    values: values,
                    purpose: .reply,
                    requestID: requestID,
                    inReplyTo: reply
                )
            } catch let limit as RobotLimit {
                context.say("request \(requestID): \(template) notice not sent: \(limit.reason)")
            }
        }
    }

    /// What crossing a threshold newly allows, in words a member acts on.
    func gainedPrivileges(_ before: Privileges, _ after: Privileges) -> [String] {
        let policy = configuration.policy
        var gained: [String] = []
        if after.nameMayAppear && !before.nameMayAppear {
            gained.append(
                "Your name may now appear in your certificates: ask csr@\(configuration.mailDomain) with 'Profile: smime-individual'. S/MIME certificates are now valid \(after.smimeLifetimeDays) days."
            )
        }
        if after.profiles.contains(.codeSigning) && !before.profiles.contains(.codeSigning) {
            gained.append(
                "You may now ask for code-signing certificates: csr@\(configuration.mailDomain) with 'Profile: codesign'."
            )
        }
        if after.assurancePoints >= policy.assurerMinPoints && before.assurancePoints < policy.assurerMinPoints {
            gained.append(
                after.isAssurer
                    ? "You are now an assurer: you may assure others by mail to assure@\(configuration.mailDomain)."
                    : "You may now become an assurer: pass the Assurer Challenge by mail to challenge@\(configuration.mailDomain)."
            )
        }
        return gained
    }
}

/// An arbitrator's ruling on an assurance, carried out and told: the Authority revokes the
/// assurance and the certificates it no longer supports; both people get a mail saying so.
package enum AssuranceRulings {
    package static func revoke(id: Int64, reason: String, context: JobContext) throws -> AssuranceRuling {
        let robot = try Robot(context: context)
        let ruling = try context.authority.store.transaction {
            let ruling = try context.authority.revokeAssurance(id: id, reason: reason, now: context.now)
            let values: [String: Any] = [
                "id": ruling.assurance.id, "assurer": ruling.assurer.name, "assuree": ruling.assuree.name,
                "assureeEmail": ruling.assuree.primaryEmail, "points": ruling.assurance.points,
                "date": ruling.assurance.meetingDate, "ruling": reason,
                "before": ruling.before.assurancePoints, "after": ruling.after.assurancePoints,
                "revoked": ruling.revoked.map { ["serial": $0.serialHex, "profile": $0.profile] },
                "anyRevoked": !ruling.revoked.isEmpty,
                "link": robot.statusLink(ruling.assuree.statusPageID),
            ]
            for (member, isAssuree) in [(ruling.assuree, true), (ruling.assurer, false)] {
                var mine = values
                mine["isAssuree"] = isAssuree
                do {
                    try robot.mail.queue(
                        "assurance-revoked",
                        to: .member(member, address: member.primaryEmail),
                        values: mine,
                        purpose: .notice,
                        requestID: nil
                    )
                } catch let limit as RobotLimit {
                    context.say("assurance \(id): notice to \(member.primaryEmail) not sent: \(limit.reason)")
                }
            }
            return ruling
        }
        try robot.mail.flush()
        return ruling
    }
}
