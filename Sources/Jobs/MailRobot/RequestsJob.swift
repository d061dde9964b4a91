import Authority
import Foundation
import Mail
import PKI
import Policy
import Store

/// Answers the requests that intake recorded: sends probes, resumes requests when a probe is
/// confirmed, and replies to everything else, saying what was wrong and what to do. One bad request
/// never stops the others: its failure becomes its own rejection.
package struct RequestsJob: Job {
    package let name = "requests"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let robot = try Robot(context: context)
        var received: [Request] = []
        try context.authority.store.forEachRequest(in: .received) { received.append($0) }
        var counts: [String: Int] = [:]
        for request in received {
            let state = robot.answer(request)
            counts[state.rawValue, default: 0] += 1
        }
        return counts.isEmpty
            ? "no requests" : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// A refusal to show the member, as it stands.
struct RobotRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The handlers of the robot addresses.
struct Robot {
    let context: JobContext
    let mail: RobotMail

    init(context: JobContext) throws {
        self.context = context
        mail = try RobotMail(context: context)
    }

    var store: Store { context.authority.store }
    var configuration: CAConfiguration { context.authority.configuration }

    /// What a handler decided.
    enum Outcome {
        /// Probes are out; `payload` adds what the confirmation will need to finish the request.
        case waiting(String, payload: [String: String] = [:])
        case done(String)
    }

    /// Handles one request and records its new state; never throws.
    func answer(_ request: Request) -> RequestState {
        let payload = request.payload
        if let automated = payload["automated"], !automated.isEmpty {
            return finish(request, .rejected, "not answered: automated mail (\(automated)), RFC 3834")
        }
        guard !request.sender.isEmpty, (try? Address.validate(request.sender)) != nil else {
            return finish(request, .rejected, "not answered: the message has no usable sender address")
        }
        let limit = configuration.mail.repliesPerDay
        let since = context.now.addingTimeInterval(-86_400)
        if let earlier = try? store.requestCount(
            sender: request.sender,
            kind: request.kind,
            since: since,
            before: request.id
        ),
            earlier >= limit
        {
            return finish(
                request,
                .rejected,
                "not answered: \(earlier + 1) \(request.kind) requests from \(request.sender) in 24 hours, more than the \(limit) the robot answers"
            )
        }
        do {
            if let problem = payload["problem"] { throw RobotRefusal(problem) }
            switch try handle(request) {
            case .waiting(let result, let extra):
                return finish(
                    request,
                    .waitingConfirmation,
                    result,
                    payload: extra.isEmpty ? nil : request.payload.merging(extra) { $1 }
                )
            case .done(let result): return finish(request, .done, result)
            }
        } catch {
            let reason = Self.reason(error)
            do {
                try mail.send(
                    "rejected",
                    to: request.sender,
                    values: ["reason": reason, "subject": payload["subject"] ?? "", "kind": request.kind],
                    inReplyTo: payload["messageID"]
                )
            } catch {
                return finish(request, .rejected, "\(reason); the reply could not be sent: \(Self.reason(error))")
            }
            return finish(request, .rejected, reason)
        }
    }

    /// The one state change of a handled request.
    private func finish(
        _ request: Request,
        _ state: RequestState,
        _ result: String,
        payload: [String: String]? = nil
    ) -> RequestState {
        do {
            try store.moveRequest(id: request.id, to: state, result: result, payload: payload)
        } catch {
            context.say("request \(request.id): could not record \(state.rawValue): \(Self.reason(error))")
        }
        return state
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case let error as RobotRefusal: return error.reason
        case let error as AuthorityError: return error.reason
        case let error as StoreError: return error.reason
        case let error as PolicyViolation: return error.reason
        case let error as PKIError: return error.reason
        case let error as MailError: return error.reason
        case let error as DomainName.Refusal: return error.reason
        default: return "\(error)"
        }
    }

    private func handle(_ request: Request) throws -> Outcome {
        switch request.kind {
        case "register": return try register(request)
        case "email": return try addEmail(request)
        case "domain": return try addDomain(request)
        case "status": return try status(request)
        case "verify": return try confirm(request)
        case "csr", "revoke", "assure", "challenge":
            throw RobotRefusal(
                "\(request.kind)@\(configuration.mailDomain) is not open yet; your request was not processed. Please try again later"
            )
        default:
            try mail.send(
                "help",
                to: request.sender,
                values: ["subject": request.payload["subject"] ?? ""],
                inReplyTo: request.payload["messageID"]
            )
            return .done("sent the list of robot addresses")
        }
    }

    // MARK: register@

    private func register(_ request: Request) throws -> Outcome {
        let payload = request.payload
        guard let name = payload["field.name"], !name.isEmpty else {
            throw RobotRefusal("write your name as on your identity document in a line 'Name: …'")
        }
        guard name.count <= 128, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw RobotRefusal("the name must be at most 128 characters, without control characters")
        }
        guard let birth = payload["field.date-of-birth"], let day = CalendarDay(iso8601: birth) else {
            throw RobotRefusal("write your date of birth in a line 'Date-Of-Birth: YYYY-MM-DD'")
        }
        let today = CalendarDay(containing: context.now)
        guard day < today, today.year - day.year <= 130 else {
            throw RobotRefusal("the date of birth \(birth) cannot be right; write it as YYYY-MM-DD")
        }
        if try store.email(request.sender) != nil {
            throw RobotRefusal(
                "\(request.sender) already belongs to an account; write to status@\(configuration.mailDomain) for your status page"
            )
        }
        try sendProbes(
            for: request,
            [(purpose: "register", target: request.sender, template: "probe-register", values: ["name": name])]
        )
        return .waiting("confirmation sent to \(request.sender)")
    }

    // MARK: email@

    private func addEmail(_ request: Request) throws -> Outcome {
        let member = try requester(request)
        guard let raw = request.payload["field.add"], !raw.isEmpty else {
            throw RobotRefusal("write the address to add in a line 'Add: name@example.org'")
        }
        let address = raw.lowercased()
        guard CertificateNames.isMailbox(address) else {
            throw RobotRefusal("'\(raw)' is not an email address this CA can certify")
        }
        if let existing = try store.email(address) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(address) is already on your account"
                    : "\(address) belongs to another account; disputes go to the operator"
            )
        }
        var probes = [
            (purpose: "email", target: address, template: "probe-email", values: ["address": address] as [String: Any])
        ]
        probes += authorisation(request, member: member, what: "add \(address) to your account")
        try sendProbes(for: request, probes)
        return .waiting(
            "confirmation sent to \(address)",
            payload: ["memberID": String(member.id), "address": address]
        )
    }

    // MARK: domain@

    private static let constructedContacts = ["admin", "administrator", "webmaster", "hostmaster", "postmaster"]

    private func addDomain(_ request: Request) throws -> Outcome {
        let member = try requester(request)
        guard let raw = request.payload["field.domain"], !raw.isEmpty else {
            throw RobotRefusal("write the domain in a line 'Domain: example.org'")
        }
        let domain = try DomainName.normalise(raw)
        let method = try DomainValidationMethod(field: request.payload["field.method"])
        if method == .dnsChange { return try startDNSChange(request, member: member, domain: domain) }
        let contact = (request.payload["field.contact"] ?? "").lowercased()
        guard method == .dnsContact || Self.constructedContacts.contains(contact) else {
            throw RobotRefusal(
                "write 'Contact:' with one of \(Self.constructedContacts.joined(separator: ", ")) (TLS Baseline Requirements 3.2.2.4.4)"
            )
        }
        if let existing = try store.domain(domain) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(domain) is already on your account"
                    : "\(domain) belongs to another account; disputes go to the operator"
            )
        }
        let target = method == .dnsContact ? try dnsContact(of: domain) : "\(contact)@\(domain)"
        var probes = [
            (
                purpose: "domain", target: target, template: method.probeTemplate,
                values: ["domain": domain] as [String: Any]
            )
        ]
        probes += authorisation(request, member: member, what: "add the domain \(domain) to your account")
        try sendProbes(for: request, probes)
        return .waiting(
            "confirmation sent to \(target)",
            payload: ["memberID": String(member.id), "domain": domain, "contact": target, "method": method.recorded]
        )
    }

    // MARK: status@

    private func status(_ request: Request) throws -> Outcome {
        let member = try requester(request)
        // A forged sender could otherwise retire a member's link again and again.
        let earlier = try store.requestCount(
            sender: request.sender,
            kind: "status",
            since: context.now.addingTimeInterval(-86_400),
            before: request.id
        )
        guard earlier < 3 else {
            throw RobotRefusal(
                "you asked for a fresh status link \(earlier + 1) times today; the link you have stays valid until tomorrow"
            )
        }
        let id = try store.rotateStatusPageID(member: member.id)
        try mail.send(
            "status",
            to: request.sender,
            values: ["link": statusLink(id), "name": member.name],
            inReplyTo: request.payload["messageID"]
        )
        return .done("sent a fresh status link")
    }

    // MARK: verify+TOKEN@

    private func confirm(_ request: Request) throws -> Outcome {
        let token = request.payload["token"] ?? ""
        guard ProbeToken.isWellFormed(token) else {
            throw RobotRefusal("this confirmation address is not one we sent; reply to the confirmation mail itself")
        }
        let probe: Probe
        do {
            probe = try store.consumeProbe(token: token, at: context.now)
        } catch let error as StoreError where error.code == .probeUsed {
            throw RobotRefusal("this confirmation was already used; nothing more is needed")
        }
        guard let originalID = probe.requestID, let original = try store.request(id: originalID) else {
            return .done("confirmed probe \(probe.id)")
        }
        guard original.state == .waitingConfirmation else {
            throw RobotRefusal("the request this confirms is \(original.state.rawValue); send it again if needed")
        }
        let outstanding = try store.probes(forRequest: original.id).filter { $0.usedAt == nil }
        guard outstanding.isEmpty else {
            return .done("confirmed \(probe.purpose) for request \(original.id); waiting for \(outstanding.count) more")
        }
        do {
            let result = try complete(original)
            try store.moveRequest(id: original.id, to: .done, result: result)
            return .done("confirmed request \(original.id): \(result)")
        } catch {
            let reason = Self.reason(error)
            try store.moveRequest(id: original.id, to: .rejected, result: reason)
            throw RobotRefusal("the confirmed request could not be completed: \(reason)")
        }
    }

    /// Does what a fully confirmed request asked for, and tells the member.
    private func complete(_ request: Request) throws -> String {
        let payload = request.payload
        switch request.kind {
        case "register":
            let member = try store.addMember(
                name: payload["field.name"] ?? "",
                dateOfBirth: payload["field.date-of-birth"] ?? "",
                primaryEmail: request.sender
            )
            _ = try store.verifyEmail(request.sender, method: "reply to probe", at: context.now)
            let isMinor = configuration.policy.isMinor(try context.authority.memberFacts(member), at: context.now)
            try mail.send(
                "welcome",
                to: request.sender,
                values: [
                    "name": member.name, "link": statusLink(member.statusPageID),
                    "minor": isMinor,
                ]
            )
            return "member #\(member.id) registered"
        case "email":
            let member = try memberOf(payload)
            let address = payload["address"] ?? ""
            _ = try store.addEmail(address, member: member.id)
            _ = try store.verifyEmail(address, method: "reply to probe", at: context.now)
            try mail.send("email-added", to: member.primaryEmail, values: ["address": address])
            return "\(address) added to member #\(member.id)"
        case "domain":
            let member = try memberOf(payload)
            let domain = payload["domain"] ?? ""
            _ = try store.addDomain(domain, member: member.id)
            _ = try store.verifyDomain(
                domain,
                method: payload["method"] ?? "constructed address (BR 3.2.2.4.4)",
                contact: payload["contact"] ?? "",
                at: context.now
            )
            try mail.send("domain-added", to: member.primaryEmail, values: ["domain": domain])
            return "\(domain) added to member #\(member.id)"
        default:
            throw RobotRefusal("a \(request.kind) request does not wait for a confirmation")
        }
    }

    // MARK: shared steps

    /// The member whose verified address sent the request.
    private func requester(_ request: Request) throws -> Member {
        guard let email = try store.email(request.sender), email.verifiedAt != nil,
            let member = try store.member(id: email.memberID)
        else {
            throw RobotRefusal(
                "\(request.sender) is not a verified address of any member; register first with a mail to register@\(configuration.mailDomain)"
            )
        }
        guard !member.blocked else { throw RobotRefusal("this account is blocked; write to the operator") }
        return member
    }

    private func memberOf(_ payload: [String: String]) throws -> Member {
        guard let id = payload["memberID"].flatMap(Int64.init), let member = try store.member(id: id) else {
            throw RobotRefusal("the member of this request no longer exists")
        }
        return member
    }

    /// An unsigned request could carry a forged sender: the member confirms it from the primary
    /// address. A request signed with the member's own valid Vouch certificate needs no round trip.
    private func authorisation(
        _ request: Request,
        member: Member,
        what: String
    )
        -> [(purpose: String, target: String, template: String, values: [String: Any])]
    {
        guard request.payload["signedBy"] == nil else { return [] }
        return [
            (
                purpose: "authorise", target: member.primaryEmail, template: "probe-authorise",
                values: ["what": what, "signatureProblem": request.payload["signatureProblem"] ?? ""]
            )
        ]
    }

    /// Checks every target's rate limit first, then mails each probe and records it. The mail is
    /// written to the outbox before the probe is recorded: a crash in between costs a useless mail,
    /// never a request that waits for a confirmation nobody was sent.
    private func sendProbes(
        for request: Request,
        _ probes: [(purpose: String, target: String, template: String, values: [String: Any])]
    ) throws {
        let since = context.now.addingTimeInterval(-86_400)
        for probe in probes
        where try store.probeCount(target: probe.target, since: since) >= configuration.mail.probesPerDay {
            throw RobotRefusal(
                "\(probe.target) has had \(configuration.mail.probesPerDay) confirmation requests from us in the last 24 hours; to protect that mailbox, try again tomorrow"
            )
        }
        let expiry = configuration.policy.probeExpiry(sentAt: context.now)
        for probe in probes {
            let token = ProbeToken.generate()
            var values = probe.values
            values["hours"] = configuration.policy.probeLifetimeHours
            values["requester"] = request.sender
            try mail.send(
                probe.template,
                to: probe.target,
                values: values,
                replyTo: Address(mailbox: "verify+\(token)@\(configuration.mailDomain)"),
                inReplyTo: probe.target == request.sender ? request.payload["messageID"] : nil
            )
            try store.createProbe(
                token: token,
                purpose: probe.purpose,
                target: probe.target,
                requestID: request.id,
                expiresAt: expiry
            )
        }
    }

    private func statusLink(_ id: String) -> String { "\(configuration.baseURL)/members/\(id).html" }
}
