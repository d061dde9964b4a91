import Authority
import Failure
import Foundation
import Mail
import PKI
import Policy
import Store

/// A refusal to show the member. `reason` may quote what the member wrote; `withoutEcho` says the
/// same without it, for a sender who is not a verified member (whose address may be forged).
struct RobotRefusal: VouchFailure {
    let reason: String
    let withoutEcho: String
    /// Mail to others that goes out with the refusal (an assuree told that an assurer's reading of
    /// their record differed), since the refused request's own mail is rolled back.
    var notices: [Notice] = []

    struct Notice: Sendable {
        let template: String
        let recipient: MailRecipient
        let values: [String: String]
    }

    var failureCode: String { "refused" }
    var description: String { reason }

    init(_ reason: String, withoutEcho: String? = nil, notices: [Notice] = []) {
        self.reason = reason
        self.withoutEcho = withoutEcho ?? reason
        self.notices = notices
    }
}

/// A probe to send for a request: a verification mail with a token and its code.
struct ProbeSpec {
    /// "register", "mailbox" (an address), "domain", "authorise" (the member's primary address) …
    let purpose: String
    let recipient: MailRecipient
    let template: String
    var values: [String: Any]
    /// For an authorisation, the line that names this request in the mail listing every request
    /// the member has pending.
    var item: String?
}

/// What a handler decided.
enum Outcome {
    /// Probes go out; the change is applied when every one is answered.
    case waiting(String, pending: PendingChange, probes: [ProbeSpec])
    /// Nothing needs confirming (a request signed with the member's own certificate): apply now.
    case apply(PendingChange)
    /// Finished; the handler queued its own answer.
    case done(String)
}

/// The request a handler works on, with its payload decoded once.
struct HandledRequest {
    let request: Request
    let payload: RequestPayload

    var mail: IncomingMail { payload.mail }
    var id: Int64 { request.id }
    var sender: String { request.sender }
}

/// One handler per robot address.
protocol RequestHandler: Sendable {
    func handle(_ request: HandledRequest, robot: Robot) throws -> Outcome
}

/// The mail robot: dispatches requests to their handlers and carries out what they decide.
final class Robot {
    let context: JobContext
    let mail: RobotMail
    /// Authorisation mails sent in this run, by the member's primary address: a member's further
    /// requests in the same run are added to the same mail ("reply to confirm all of these").
    private var openAuthorisations: [String: OpenAuthorisation] = [:]

    /// The language the request being answered asked for (`Language:`) or, for a registration, its
    /// headers suggested: what a reply to a sender who is not yet a member is written in.
    private(set) var requestLanguage: String?

    private struct OpenAuthorisation {
        let probeID: Int64
        let token: String
        let mailID: Int64
        let spec: ProbeSpec
        var items: [String]
    }

    init(context: JobContext) throws {
        self.context = context
        mail = try RobotMail(context: context)
    }

    var store: Store { context.authority.store }
    var authority: CertificateAuthority { context.authority }
    var configuration: CAConfiguration { context.authority.configuration }

    static let handlers: [RequestKind: any RequestHandler] = [
        .register: RegisterHandler(), .email: EmailHandler(), .domain: DomainHandler(), .csr: CSRHandler(),
        .revoke: RevokeHandler(), .status: StatusHandler(), .verify: ConfirmationHandler(), .help: HelpHandler(),
        .assure: AssureHandler(), .challenge: ChallengeHandler(),
    ]

    /// Handles one request and records its new state; never throws.
    func answer(_ request: Request) -> RequestState {
        let payload: RequestPayload
        do {
            payload = try RequestPayload(of: request)
        } catch {
            return finish(request, .rejected, "not answered: \(Self.reason(error))")
        }
        if let automated = payload.mail.automated {
            return finish(request, .rejected, "not answered: automated mail (\(automated)), RFC 3834")
        }
        guard !request.sender.isEmpty, (try? Address.validate(request.sender)) != nil else {
            return finish(request, .rejected, "not answered: the message has no usable sender address")
        }
        let handled = HandledRequest(request: request, payload: payload)
        requestLanguage = nil
        // What a handler changes, the request's new state, its probes and its mail commit together;
        // a refusal anywhere undoes all of it (and the in-memory list of open authorisations).
        let authorisations = openAuthorisations
        do {
            if let problem = payload.mail.problem { throw RobotRefusal(problem) }
            guard let handler = Self.handlers[request.kind] else {
                throw RobotRefusal("this kind of request is not answered")
            }
            requestLanguage = try requestedLanguage(handled.mail, kind: request.kind)
            // Before the handler's transaction: the language holds even when the rest is refused.
            try adoptLanguage(of: handled)
            return try store.transaction {
                let outcome = try handler.handle(handled, robot: self)
                return try carryOut(outcome, for: handled)
            }
        } catch let limit as RobotLimit {
            openAuthorisations = authorisations
            return finish(request, .rejected, "not answered: \(limit.reason)")
        } catch {
            openAuthorisations = authorisations
            return reject(handled, error)
        }
    }

    /// Records the outcome, its probes and its mail together.
    private func carryOut(_ outcome: Outcome, for request: HandledRequest) throws -> RequestState {
        switch outcome {
        case .waiting(let result, let pending, let probes):
            var payload = request.payload
            payload.pending = pending
            try store.moveRequest(
                id: request.id,
                to: .waitingConfirmation,
                result: result,
                payload: try payload.encoded()
            )
            do {
                try send(probes, for: request)
            } catch let limit as RobotLimit {
                // The requester is told; the mailbox that would have been probed gets nothing.
                throw RobotRefusal(limit.reason)
            }
            return .waitingConfirmation
        case .apply(let pending):
            var payload = request.payload
            payload.pending = pending
            try store.moveRequest(id: request.id, to: .waitingConfirmation, payload: try payload.encoded())
            guard let waiting = try store.request(id: request.id) else {
                throw AuthorityError(.refused, "request \(request.id) vanished")
            }
            let completed = try authority.complete(waiting, now: context.now)
            try notify(completed, inReplyTo: request.mail.messageID)
            return completed.state
        case .done(let result):
            try store.moveRequest(id: request.id, to: .done, result: result)
            return .done
        }
    }

    /// Rejects a request and tells the sender why (in words without their own text, unless the
    /// sender is a verified member).
    private func reject(_ request: HandledRequest, _ error: Error) -> RequestState {
        let reason = Self.reason(error)
        let recipient = self.recipient(for: request.sender)
        let shown = recipient.isMember ? reason : ((error as? RobotRefusal)?.withoutEcho ?? reason)
        do {
            return try store.transaction {
                try mail.queue(
                    "rejected",
                    to: recipient,
                    values: ["reason": shown, "subject": request.mail.subject, "kind": request.request.kind.rawValue],
                    purpose: .reply,
                    requestID: request.id,
                    inReplyTo: request.mail.messageID
                )
                for notice in (error as? RobotRefusal)?.notices ?? [] {
                    try mail.queue(
                        notice.template,
                        to: notice.recipient,
                        values: notice.values,
                        purpose: .reply,
                        requestID: request.id
                    )
                }
                try store.moveRequest(id: request.id, to: .rejected, result: reason)
                return .rejected
            }
        } catch let limit as RobotLimit {
            return finish(request.request, .rejected, "\(reason); not answered: \(limit.reason)")
        } catch {
            return finish(request.request, .rejected, "\(reason); the reply could not be sent: \(Self.reason(error))")
        }
    }

    /// The one state change of a request that gets no mail.
    private func finish(_ request: Request, _ state: RequestState, _ result: String) -> RequestState {
        do {
            try store.moveRequest(id: request.id, to: state, result: result)
        } catch {
            context.say("request \(request.id): could not record \(state.rawValue): \(Self.reason(error))")
        }
        return state
    }

    static func reason(_ error: Error) -> String { failureReason(error) }

    // MARK: language

    /// The `Language:` line of a request, checked against the locales the CA speaks; without one, for
    /// a registration, the first locale of the mail's `Content-Language` and `Accept-Language` headers
    /// the CA speaks. Nil: the member's language stays as it is.
    func requestedLanguage(_ mail: IncomingMail, kind: RequestKind) throws -> String? {
        let site = configuration.site
        if let asked = mail.field("language"), !asked.isEmpty {
            guard let locale = site.locale(asked) else {
                throw RobotRefusal(
                    "the line 'Language: \(asked)' names no language this CA writes in; write one of "
                        + site.locales.joined(separator: ", "),
                    withoutEcho: "the Language line names no language this CA writes in; write one of "
                        + site.locales.joined(separator: ", ")
                )
            }
            return locale
        }
        guard kind == .register else { return nil }
        return (mail.languages ?? []).lazy.compactMap(site.locale).first
    }

    /// A verified member's `Language:` line takes effect at once, so the answer to this very request
    /// is already in the new language, a refusal included; it changes nothing else and needs no
    /// confirmation (a forged one changes only the language of the mail, and the audit log shows it).
    private func adoptLanguage(of request: HandledRequest) throws {
        guard request.mail.field("language") != nil, let language = requestLanguage,
            let email = try store.email(request.sender), email.verifiedAt != nil
        else { return }
        try store.setLanguage(member: email.memberID, language)
    }

    // MARK: people

    /// A verified member address as a member recipient; anything else as a stranger.
    func recipient(for address: String) -> MailRecipient {
        if let email = try? store.email(address), email.verifiedAt != nil,
            let member = try? store.member(id: email.memberID)
        {
            return .member(member, address: email.address)
        }
        return .stranger(address, language: requestLanguage)
    }

    /// The member whose verified address sent the request.
    func requester(_ request: HandledRequest) throws -> Member {
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

    /// Whether the request was signed with the member's own valid certificate: then the member needs
    /// no confirmation round trip.
    func isSigned(_ request: HandledRequest, by member: Member) -> Bool {
        request.mail.isSigned && request.mail.signerMemberID == member.id
    }

    /// An unsigned request could carry a forged sender: the member confirms it from the primary
    /// address. Requests pending in one run share one such mail.
    func authorisation(_ request: HandledRequest, member: Member, what: String) -> [ProbeSpec] {
        guard !isSigned(request, by: member) else { return [] }
        return [
            ProbeSpec(
                purpose: "authorise",
                recipient: .member(member, address: member.primaryEmail),
                template: "probe-authorise",
                values: ["signatureProblem": request.mail.signatureProblem ?? ""],
                item: what
            )
        ]
    }

    /// A message of `Templates/messages.txt` in `member`'s language.
    func text(_ key: String, for member: Member, _ values: [String: String] = [:]) -> String {
        let messages = try? mail.language(for: .member(member, address: member.primaryEmail)).messages
        return messages?.text(key, values) ?? key
    }

    func statusLink(_ id: String) -> String { "\(configuration.baseURL)/members/\(id).html" }

    // MARK: probes

    /// Records and queues every probe of a request, inside the caller's transaction. An authorisation
    /// for a member who already has one open in this run joins it: one mail, one reply, every request.
    private func send(_ probes: [ProbeSpec], for request: HandledRequest) throws {
        let expiry = configuration.policy.probeExpiry(sentAt: context.now)
        for spec in probes {
            if spec.purpose == "authorise", let item = spec.item,
                var open = openAuthorisations[spec.recipient.address]
            {
                open.items.append(item)
                try store.linkProbe(open.probeID, toRequest: request.id)
                let message = try mail.render(
                    open.spec.template,
                    to: open.spec.recipient,
                    values: authorisationValues(open.spec, items: open.items, token: open.token),
                    replyTo: confirmationAddress(open.token)
                )
                try store.replaceQueuedMessage(id: open.mailID, message: Data(message))
                openAuthorisations[spec.recipient.address] = open
                continue
            }
            let token = ProbeToken.generate()
            var values = spec.values
            values["hours"] = configuration.policy.probeLifetimeHours
            values["code"] = ProbeToken.code(for: token)
            if let item = spec.item { values = authorisationValues(spec, items: [item], token: token) }
            let queued = try mail.queue(
                spec.template,
                to: spec.recipient,
                values: values,
                purpose: .probe,
                requestID: request.id,
                replyTo: confirmationAddress(token),
                inReplyTo: spec.recipient.address == request.sender ? request.mail.messageID : nil
            )
            let probe = try store.createProbe(
                token: token,
                purpose: spec.purpose,
                target: spec.recipient.address,
                requestID: request.id,
                expiresAt: expiry
            )
            if spec.purpose == "authorise", let item = spec.item {
                openAuthorisations[spec.recipient.address] = OpenAuthorisation(
                    probeID: probe.id,
                    token: token,
                    mailID: queued.id,
                    spec: spec,
                    items: [item]
                )
            }
        }
    }

    private func authorisationValues(_ spec: ProbeSpec, items: [String], token: String) -> [String: Any] {
        var values = spec.values
        values["hours"] = configuration.policy.probeLifetimeHours
        values["code"] = ProbeToken.code(for: token)
        values["items"] = items.map { ["item": $0] }
        values["several"] = items.count > 1
        let messages = try? mail.language(for: spec.recipient).messages
        values["what"] =
            items.count == 1 ? items[0] : messages?.text("request.several", ["count": String(items.count)]) ?? ""
        return values
    }

    private func confirmationAddress(_ token: String) -> Address {
        Address(mailbox: "verify+\(token)@\(configuration.mailDomain)")
    }

    // MARK: telling members what happened

    /// The mail a finished request sends: welcome, address or domain added, revoked, …
    func notify(_ completed: CompletedRequest, inReplyTo: String? = nil) throws {
        guard let member = completed.member else { return }
        let template: String
        var values: [String: Any] = [:]
        switch (completed.state, completed.change) {
        case (.rejected, _):
            template = "rejected"
            values = ["reason": completed.result, "kind": completed.request.kind.rawValue]
        case (_, .register):
            template = "welcome"
            values = [
                "name": member.name, "link": statusLink(member.statusPageID),
                "minor": configuration.policy.isMinor(try authority.memberFacts(member), at: context.now),
            ]
        case (_, .addEmail(_, let address)):
            template = "email-added"
            values = ["address": address]
        case (_, .addDomain(_, let domain, _, _)):
            template = "domain-added"
            values = ["domain": domain]
        case (_, .issue):
            // The certificate itself is the answer: the CSR job mails it, usually in the same run.
            return
        case (_, .revoke(_, let serial, _)):
            template = "revoked"
            values = ["serial": serial, "reason": completed.result]
        case (_, .retireStatusPage):
            template = "status-retired"
            values = ["link": statusLink(member.statusPageID)]
        case (_, .assure):
            guard let recorded = completed.assurance else { return }
            try notifyAssurance(recorded, requestID: completed.request.id, inReplyTo: inReplyTo)
            return
        }
        do {
            try mail.queue(
                template,
                to: .member(member, address: member.primaryEmail),
                values: values,
                purpose: .reply,
                requestID: completed.request.id,
                inReplyTo: inReplyTo
            )
        } catch let limit as RobotLimit {
            // The change stands; only the notice is not sent.
            context.say("request \(completed.request.id): notice not sent: \(limit.reason)")
        }
    }
}
