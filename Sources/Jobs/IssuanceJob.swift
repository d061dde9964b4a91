import Authority
import Foundation
import Mail
import PKI
import Store

/// The CSR job: issues every confirmed certificate request in one run, signing on every core.
///
/// Each request is worked from its own row, so the job can be killed at any instruction and run again:
/// a request whose certificate was signed and recorded is only finished (file, reply, done); a serial
/// reserved but never signed is abandoned, never reused, and the request gets a fresh one. The reply
/// with the certificate and the request's `done` commit together. A request the checks now refuse
/// (a validation expired meanwhile) is answered with the reason; a lint failure issues nothing, tells
/// the member "could not issue", and fails the job so cron tells the operator.
package struct IssuanceJob: Job {
    package let name = "csr"
    package let schedule = "every run"
    /// Requests taken from the queue at a time: memory stays flat however long the queue is.
    let batchSize: Int

    package init(batchSize: Int = 64) { self.batchSize = batchSize }

    package func run(_ context: JobContext) throws -> String {
        try context.requireRealClock(name)
        let mail = try RobotMail(context: context)
        try mail.flush()
        var issued = 0
        var refused = 0
        var lintFailures: [String] = []
        var last: Int64 = 0
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        while true {
            let batch = try context.authority.store.requestIDs(in: .queued, kind: .csr, after: last, limit: batchSize)
            guard let end = batch.last else { break }
            last = end
            for outcome in try IssuanceBatch(context: context, mail: mail, workers: workers).run(batch) {
                switch outcome {
                case .issued: issued += 1
                case .refused: refused += 1
                case .lintFailed(let detail):
                    refused += 1
                    lintFailures.append(detail)
                case .skipped: break
                }
            }
            try mail.flush()
        }
        try mail.flush()
        let summary = "\(issued) certificates issued, \(refused) requests refused"
        guard lintFailures.isEmpty else {
            throw AuthorityError(
                .lintFailed,
                "\(summary); lint failures (nothing signed): \(lintFailures.joined(separator: "; "))"
            )
        }
        return summary
    }
}

/// What happened to one queued request.
enum IssuanceOutcome: Sendable {
    case issued
    case refused
    case lintFailed(String)
    case skipped
}

/// One batch of queued CSR requests, in stages: the checks, lints and signatures run on every core,
/// and the registry writes of the whole batch are few transactions (the reservations, then the
/// signatures, then the replies and closed requests), each committed before the next stage starts.
struct IssuanceBatch: Sendable {
    let context: JobContext
    let mail: RobotMail
    let workers: Int

    var store: Store { context.authority.store }

    /// Where one request stands after the checks.
    private enum Staged: Sendable {
        case finished(IssuanceOutcome)
        case prepared(Request, Member, PreparedCertificate)
    }

    func run(_ ids: [Int64]) throws -> [IssuanceOutcome] {
        let work = IssuanceWork(context: context, mail: mail)
        let staged = ParallelMap.run(ids, workers: workers) { id -> Staged in
            switch work.stage(requestID: id) {
            case .done(let outcome): return .finished(outcome)
            case .ready(let request, let member, let prepared): return .prepared(request, member, prepared)
            }
        }
        var outcomes: [IssuanceOutcome] = []
        var ready: [(Request, Member, PreparedCertificate, CertificateRecord)] = []
        // The reservations (serials and lint results), recorded before any real signature.
        try store.transaction {
            for stage in staged {
                switch stage {
                case .finished(let outcome): outcomes.append(outcome)
                case .prepared(let request, let member, let prepared):
                    do {
                        ready.append(
                            (request, member, prepared, try context.authority.reserve(prepared, requestID: request.id))
                        )
                    } catch let error as AuthorityError where error.code == .lintFailed {
                        try work.refuse(request, member: member, reason: "could not issue; the operator has been told")
                        context.say("request \(request.id): \(error.reason)")
                        outcomes.append(.lintFailed("request \(request.id): \(error.reason)"))
                    }
                }
            }
        }
        // The signatures, on every core, each with its own key handle.
        let toSign = ready
        let signed = ParallelMap.run(Array(toSign.indices), workers: workers) { index -> Certificate? in
            let (request, _, prepared, reserved) = toSign[index]
            do {
                return try context.authority.sign(prepared, reserved: reserved)
            } catch {
                context.say("request \(request.id): not signed: \(Robot.reason(error))")
                return nil
            }
        }
        // The signatures recorded and the files written; then the replies, with each request closed.
        var recorded: [(Request, Member, IssuedCertificate)] = []
        try store.transaction {
            for (index, certificate) in signed.enumerated() {
                let (request, member, prepared, reserved) = ready[index]
                guard let certificate else {
                    outcomes.append(
                        .lintFailed("request \(request.id): the signed certificate differs from the linted one")
                    )
                    try work.refuse(request, member: member, reason: "could not issue; the operator has been told")
                    continue
                }
                let record = try store.attachDER(certificate: reserved.id, der: Data(try certificate.der))
                recorded.append(
                    (
                        request, member,
                        IssuedCertificate(
                            certificate: certificate,
                            record: record,
                            file: context.authority.directory.issuedCertificateFile(serialHex: record.serialHex)
                        )
                    )
                )
                _ = prepared
            }
        }
        // The files and the reply mails (PEM, PKCS#7, MIME) on every core; then the replies queued and
        // the requests closed in one transaction.
        let toFinish = recorded
        let replies = ParallelMap.run(Array(toFinish.indices), workers: workers) { index -> Result<[UInt8], Error> in
            let (_, member, issued) = toFinish[index]
            return Result {
                try AtomicFile.write(try issued.certificate.pem, to: issued.file)
                return try work.replyMessage(member: member, record: issued.record, certificate: issued.certificate)
            }
        }
        try store.transaction {
            for (index, (request, member, issued)) in toFinish.enumerated() {
                try work.queueReply(request, member: member, record: issued.record, message: try replies[index].get())
                outcomes.append(.issued)
            }
        }
        return outcomes
    }
}

/// The work on one queued CSR request, from its row to its reply.
struct IssuanceWork: Sendable {
    let context: JobContext
    let mail: RobotMail

    var store: Store { context.authority.store }

    /// Where one request stands after the checks: finished (refused, or recovered from a killed run),
    /// or ready to be reserved and signed.
    enum Stage: Sendable {
        case done(IssuanceOutcome)
        case ready(Request, Member, PreparedCertificate)
    }

    /// Reads the request and runs every check; a run killed after a certificate was signed is finished
    /// here, and a reservation left unsigned by it is abandoned (the serial is burnt, never reused).
    func stage(requestID: Int64) -> Stage {
        do {
            guard let request = try store.request(id: requestID), request.state == .queued else {
                return .done(.skipped)
            }
            let payload = try RequestPayload(of: request)
            guard case .issue(let memberID, let profileName, let csrDER) = payload.pending,
                let member = try store.member(id: memberID)
            else {
                try store.moveRequest(id: requestID, to: .rejected, result: "the queued request names no certificate")
                return .done(.refused)
            }
            // A rerun after a crash: the certificate may already be signed, or only reserved.
            let earlier = try store.certificates(forRequest: requestID)
            if let signed = earlier.first(where: { $0.der != nil }) {
                try finish(
                    request,
                    member: member,
                    record: signed,
                    certificate: try Certificate(der: Array(signed.der!))
                )
                return .done(.issued)
            }
            for reservation in earlier where reservation.abandonedAt == nil {
                try store.abandonReservation(certificate: reservation.id, reason: "the CSR job stopped before signing")
            }
            let csr = try CertificateSigningRequest(bytes: Array(csrDER))
            let plan: IssuancePlan
            do {
                plan = try context.authority.planIssuance(
                    memberID: memberID,
                    csr: csr,
                    profile: CertificateProfile(name: profileName),
                    now: context.now
                )
            } catch {
                try refuse(request, member: member, reason: Robot.reason(error))
                return .done(.refused)
            }
            do {
                return .ready(request, member, try context.authority.prepare(plan, now: context.now))
            } catch let error as AuthorityError where error.code == .caaForbids || error.code == .refused {
                try refuse(request, member: member, reason: error.reason)
                return .done(.refused)
            }
        } catch {
            // The registry or the key failed, not the request: it stays queued for the next run.
            context.say("request \(requestID): left queued: \(Robot.reason(error))")
            return .done(.skipped)
        }
    }

    /// Writes the certificate file, then queues the reply with the certificate and its chain and
    /// closes the request, in one transaction.
    private func finish(_ request: Request, member: Member, record: CertificateRecord, certificate: Certificate) throws
    {
        try AtomicFile.write(
            try certificate.pem,
            to: context.authority.directory.issuedCertificateFile(serialHex: record.serialHex)
        )
        try store.transaction { try reply(request, member: member, record: record, certificate: certificate) }
    }

    /// Queues the reply with the certificate and its chain and closes the request (joining the
    /// caller's transaction).
    func reply(_ request: Request, member: Member, record: CertificateRecord, certificate: Certificate) throws {
        let message = try replyMessage(member: member, record: record, certificate: certificate)
        try queueReply(request, member: member, record: record, message: message)
    }

    /// The reply mail with the certificate, its chain as PEM and as certs-only PKCS#7: rendered
    /// apart from the registry, so that a batch renders on every core.
    func replyMessage(member: Member, record: CertificateRecord, certificate: Certificate) throws -> [UInt8] {
        guard let purpose = CertificateProfile(name: record.profile)?.issuingPurpose else {
            throw AuthorityError(
                .invalidConfiguration,
                "certificate \(record.serialHex) has the unknown profile \(record.profile)"
            )
        }
        let issuing = try context.authority.certificate(.issuing(purpose))
        let root = try context.authority.certificate(.root)
        let chain = [certificate, issuing, root]
        let attachments = [
            Attachment(
                filename: "certificate.pem",
                contentType: "application/x-pem-file",
                data: Array(try certificate.pem.utf8)
            ),
            Attachment(
                filename: "chain.pem",
                contentType: "application/x-pem-file",
                data: Array(try chain.map { try $0.pem }.joined().utf8)
            ),
            Attachment(
                filename: "certificate.p7c",
                contentType: "application/pkcs7-mime",
                data: try PKCS7.certificatesOnly(chain)
            ),
        ]
        return try mail.render(
            "certificate",
            to: .member(member, address: member.primaryEmail),
            values: [
                "serial": record.serialHex, "profile": record.profile,
                "names": record.subjectAltNames.isEmpty
                    ? record.subject : record.subjectAltNames.joined(separator: ", "),
                "notAfter": record.notAfter.formatted(.iso8601),
                "link": "\(context.authority.configuration.baseURL)/members/\(member.statusPageID).html",
            ],
            attachments: attachments
        )
    }

    /// Queues a rendered reply and closes the request, unless another run closed it meanwhile.
    func queueReply(_ request: Request, member: Member, record: CertificateRecord, message: [UInt8]) throws {
        try store.transaction {
            guard let current = try store.request(id: request.id), current.state == .queued else { return }
            do {
                try mail.queue(
                    rendered: message,
                    to: .member(member, address: member.primaryEmail),
                    purpose: .reply,
                    requestID: request.id
                )
            } catch let limit as RobotLimit {
                // The certificate stands (its status page lists it); only the mail is held back.
                try store.moveRequest(
                    id: request.id,
                    to: .done,
                    result: "issued \(record.profile) \(record.serialHex); not mailed: \(limit.reason)"
                )
                return
            }
            try store.moveRequest(id: request.id, to: .done, result: "issued \(record.profile) \(record.serialHex)")
        }
    }

    func refuse(_ request: Request, member: Member, reason: String) throws {
        try store.transaction {
            do {
                try mail.queue(
                    "could-not-issue",
                    to: .member(member, address: member.primaryEmail),
                    values: ["reason": reason],
                    purpose: .reply,
                    requestID: request.id
                )
            } catch let limit as RobotLimit {
                context.say("request \(request.id): refusal not sent: \(limit.reason)")
            }
            try store.moveRequest(id: request.id, to: .rejected, result: reason)
        }
    }
}
