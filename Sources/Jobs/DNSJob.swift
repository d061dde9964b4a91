import Authority
import Foundation
import Store

/// Looks for the TXT records of pending DNS Change validations (TLS BR 3.2.2.4.7), each when its
/// back-off says so: a record with the value sent verifies the domain for the member who asked; a
/// wrong one, several, an overlong one or a bogus answer ends the challenge with the reason; after
/// 30 days it expires. The member is told each ending. One challenge's trouble never stops the rest.
package struct DNSJob: Job {
    package let name = "dns"
    package let schedule = "every run (each challenge backs off: 5 minutes, doubling, at most 6 hours)"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let authority = context.authority
        guard authority.makesDNSLookups else { return "DNS lookups are off in this demo CA" }
        let due = try authority.store.dueDNSChallenges(at: context.now)
        guard !due.isEmpty else { return "no challenges due" }
        let mail = try RobotMail(context: context)
        // Made only when a lookup is needed, so expiring challenges need no working resolver; a
        // resolver that cannot be made fails the job (closed), and the challenges wait.
        var session: DNSSession?
        var counts: [String: Int] = [:]
        for challenge in due {
            do {
                let outcome = try handle(challenge, context: context, mail: mail) {
                    if let session { return session }
                    let made = try authority.dnsSession()
                    session = made
                    return made
                }
                counts[outcome, default: 0] += 1
            } catch let error as AuthorityError where error.code == .invalidConfiguration {
                throw error
            } catch {
                context.say("dns challenge \(challenge.id) (\(challenge.domain)): \(Robot.reason(error))")
                counts["failed", default: 0] += 1
            }
        }
        try mail.flush()
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    private func handle(
        _ challenge: DNSChallenge,
        context: JobContext,
        mail: RobotMail,
        session: () throws -> DNSSession
    ) throws -> String {
        let store = context.authority.store
        let now = context.now
        guard let member = try store.member(id: challenge.memberID) else {
            try store.finishDNSChallenge(id: challenge.id, as: .refused, result: "the member no longer exists", at: now)
            return "refused"
        }
        var values: [String: Any] = ["domain": challenge.domain, "recordName": challenge.recordName]
        if now >= challenge.expiresAt {
            let last = challenge.lastResult.map { " The last look found: \($0)." } ?? ""
            let reason = "the record was not found with the value we sent within 30 days.\(last)"
            values["reason"] = reason
            try store.transaction {
                try store.finishDNSChallenge(id: challenge.id, as: .expired, result: reason, at: now)
                try notify(member, "dns-expired", values, mail: mail)
            }
            return "expired"
        }
        switch try session().check(challenge, at: now) {
        case .verified(let evidence):
            do {
                try store.transaction {
                    try store.completeDNSChallenge(
                        id: challenge.id,
                        method: DNSValidation.changeMethod,
                        evidence: evidence,
                        at: now
                    )
                    try notify(member, "domain-added", values, mail: mail)
                }
            } catch let error as StoreError where error.code == .domainOwnedByAnother {
                return try refuse(challenge, member: member, reason: error.reason, context: context, mail: mail)
            }
            return "verified"
        case .notYet(let reason):
            let next = min(DNSValidation.nextCheck(after: challenge.checks, at: now), challenge.expiresAt)
            try store.recordDNSCheck(id: challenge.id, result: reason, nextCheckAt: next, at: now)
            return "waiting"
        case .refused(let reason):
            return try refuse(challenge, member: member, reason: reason, context: context, mail: mail)
        }
    }

    private func refuse(
        _ challenge: DNSChallenge,
        member: Member,
        reason: String,
        context: JobContext,
        mail: RobotMail
    ) throws -> String {
        try context.authority.store.transaction {
            try context.authority.store.finishDNSChallenge(
                id: challenge.id,
                as: .refused,
                result: reason,
                at: context.now
            )
            try notify(
                member,
                "dns-refused",
                ["domain": challenge.domain, "recordName": challenge.recordName, "reason": reason],
                mail: mail
            )
        }
        return "refused"
    }

    /// Tells the member, in the transaction of the change; a member past the mail limit is not told
    /// now, but the change stands (their status page shows it).
    private func notify(_ member: Member, _ template: String, _ values: [String: Any], mail: RobotMail) throws {
        do {
            try mail.queue(
                template,
                to: .member(member, address: member.primaryEmail),
                values: values,
                purpose: .notice,
                requestID: nil
            )
        } catch is RobotLimit {}
    }
}
