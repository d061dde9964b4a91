import Authority
import Foundation
import Mail
import PKI
import Store

/// Reads the inbox Maildir: each message becomes a request row, then moves to `cur/`, in that order,
/// so a message is never lost and never recorded twice (a rerun finds its row by the file's name).
/// Nothing is answered here; the requests job does that, including for mail that could not be read.
/// A file that cannot be read at all is moved to `mail/quarantine/` with an audit row, so it never
/// blocks the messages behind it.
package struct IntakeJob: Job {
    package let name = "intake"
    package let schedule = "every run"

    package init() {}

    /// Messages read (on every core) and recorded (in one transaction) together: one commit and
    /// one sync of cur/ per batch instead of one per message.
    static let batchSize = 256

    package func run(_ context: JobContext) throws -> String {
        let authority = context.authority
        let inbox = Maildir(url: authority.directory.inbox)
        try inbox.createLayout()
        var recorded = 0
        var quarantined = 0
        let pending = try inbox.pending()
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(start + Self.batchSize, pending.count)])
            start += batch.count
            var waiting: [URL] = []
            var done: [URL] = []
            for file in batch {
                if try authority.store.request(messageRef: Self.reference(of: file)) == nil {
                    waiting.append(file)
                } else {
                    done.append(file)  // recorded by a run that was stopped before it moved the file
                }
            }
            let readings = ParallelMap.run(waiting, workers: ProcessInfo.processInfo.activeProcessorCount) { file in
                Result { try MessageReading(file: file, inbox: inbox, context: context) }
            }
            var readable: [(URL, MessageReading)] = []
            for (file, reading) in zip(waiting, readings) {
                switch reading {
                case .success(let reading): readable.append((file, reading))
                case .failure(let error):
                    try quarantine(file, error, inbox: inbox, context: context)
                    quarantined += 1
                }
            }
            do {
                try authority.store.transaction {
                    for (file, reading) in readable { try record(reading, file: file, context: context) }
                }
                recorded += readable.count
                done += readable.map(\.0)
            } catch {
                // One message the registry refuses must not hold up the rest: each on its own.
                for (file, reading) in readable {
                    do {
                        try authority.store.transaction { try record(reading, file: file, context: context) }
                        recorded += 1
                        done.append(file)
                    } catch {
                        try quarantine(file, error, inbox: inbox, context: context)
                        quarantined += 1
                    }
                }
            }
            try inbox.markProcessed(done)
        }
        return "\(recorded) messages recorded" + (quarantined > 0 ? ", \(quarantined) quarantined" : "")
    }

    private func record(_ reading: MessageReading, file: URL, context: JobContext) throws {
        let store = context.authority.store
        var reading = reading
        try reading.refuseReplay(store: store)
        let request = try store.recordRequest(
            kind: reading.kind,
            sender: reading.sender,
            senderKey: Address.limitKey(reading.sender),
            messageRef: Self.reference(of: file),
            receivedAt: context.now,
            payload: try RequestPayload(mail: reading.mail).encoded()
        )
        try reading.recordSignature(for: request, store: store)
    }

    /// The message itself is kept, out of the way, for the operator to look at.
    private func quarantine(_ file: URL, _ error: Error, inbox: Maildir, context: JobContext) throws {
        let reason = Robot.reason(error)
        let moved = try inbox.quarantine(file, into: context.authority.directory.quarantine)
        try context.authority.store.appendAudit(
            action: "intake.quarantine",
            subject: "message:\(Self.reference(of: file))",
            details: ["file": moved.lastPathComponent, "reason": reason]
        )
        context.say("quarantined \(file.lastPathComponent): \(reason)")
    }

    /// The message's unique Maildir name, without the `:2,` flags that change as it moves.
    static func reference(of file: URL) -> String {
        String(file.lastPathComponent.split(separator: ":", maxSplits: 1).first ?? "")
    }
}

/// What intake reads from one message: its kind, its sender and the payload the handlers work from.
/// Messages that cannot be parsed still get a reading, with the problem in it, so the sender gets an answer.
struct MessageReading: Sendable {
    var kind: RequestKind
    var sender: String
    var mail = IncomingMail()
    /// For a verified signature: the digest of what was signed, to refuse a replay.
    var signedDigest: String?
    /// The digest of the signed content alone, as versions before the signer was part of it kept
    /// it: a message received then is still refused as a replay.
    var legacySignedDigest: String?

    init(file: URL, inbox: Maildir, context: JobContext) throws {
        let configuration = context.authority.configuration
        let limit = configuration.mail.maximumMessageBytes
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        guard let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw AuthorityError(.io, "cannot tell the size of \(file.path)")
        }
        if size > limit {
            // Read only the header, to learn whom to answer; the message itself is never loaded.
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let prefix = Array(try handle.read(upToCount: 64 * 1024) ?? Data())
            let header = try? MIMEParser.parse(Self.headerPrefix(of: prefix))
            kind = .oversize
            sender = header?.from?.mailbox ?? ""
            mail.problem =
                "your message is \(size / 1024) KiB, more than the \(limit / 1024) KiB this robot accepts; send the request as plain text, with a CSR of a few KiB at most"
            mail.automated = header?.automationReason
            mail.messageID = header?.messageID ?? ""
            return
        }
        let bytes = try inbox.read(file)
        let message: MailMessage
        do {
            message = try MIMEParser.parse(bytes, limits: MIMELimits(maxTotalBytes: limit))
        } catch {
            let header = try? MIMEParser.parse(Self.headerPrefix(of: bytes))
            kind = .malformed
            sender = header?.from?.mailbox ?? ""
            mail.problem = "your message could not be read (\(Robot.reason(error))); send it again as plain text"
            mail.automated = header?.automationReason
            return
        }
        let recipient =
            message.originalRecipient
            ?? (message.to + message.cc).map(\.mailbox).first {
                $0.lowercased().hasSuffix("@\(configuration.mailDomain)")
            }
            ?? ""
        let address = RobotAddress(mailbox: recipient, mailDomain: configuration.mailDomain)
        kind = address.kind
        sender = message.from?.mailbox ?? ""
        mail.to = recipient
        mail.subject = message.subject ?? ""
        mail.messageID = message.messageID ?? ""
        mail.automated = message.automationReason
        let languages = LanguagePreference.languages(
            contentLanguage: message.header("Content-Language"),
            acceptLanguage: message.header("Accept-Language")
        )
        if !languages.isEmpty { mail.languages = languages }
        if !message.problems.isEmpty { mail.parseNotes = message.problems.joined(separator: "; ") }

        // What the request says: for a signed message only what OpenSSL verified, never the parts
        // around it, and never the outer message's own reading of the structure.
        var content = message
        if Self.isSigned(message) {
            switch verifySignature(bytes, message: message, context: context) {
            case .success(let signature):
                mail.signedBy = signature.serial
                mail.signerMemberID = signature.memberID
                signedDigest = signature.digest
                legacySignedDigest = signature.legacyDigest
                content = signature.content
            case .failure(let problem):
                mail.signatureProblem = problem.reason
            }
        }
        let text = content.textBody ?? ""
        let fields = BodyFields.parse(text).fields
        for field in fields where mail.fields[field.name.lowercased()] == nil {
            mail.fields[field.name.lowercased()] = field.value
        }
        mail.csrs = Self.signingRequests(in: content, text: text)
        if case .verify(let token) = address {
            // Only the token's hash is kept, not even in the address it came to.
            mail.to = "verify@\(configuration.mailDomain)"
            mail.tokenHash = Store.tokenHash(token)
            mail.carriesCode = ProbeToken.replyCarriesCode(for: token, subject: mail.subject, text: text)
        }
        if case .challengeAnswer(let token) = address {
            mail.to = "challenge@\(configuration.mailDomain)"
            mail.tokenHash = Store.tokenHash(token)
            mail.answerLines = fields.filter { $0.name.allSatisfy(\.isNumber) }.map { [$0.name, $0.value] }
        }
    }

    /// A signed message whose signed content was seen before is a replay: it is treated as unsigned
    /// and answered with the reason, never acted on a second time.
    mutating func refuseReplay(store: Store) throws {
        guard let signedDigest,
            let earlier = try store.signedMessage(digest: signedDigest)
                ?? legacySignedDigest.flatMap({ try store.signedMessage(digest: $0) })
        else { return }
        mail.signedBy = nil
        mail.signerMemberID = nil
        self.signedDigest = nil
        mail.problem =
            "this signed message was already received (request \(earlier)); a signed request is acted on once, so it was not carried out again"
    }

    /// Remembers the signed content's digest with the request that carried it.
    func recordSignature(for request: Request, store: Store) throws {
        guard let signedDigest else { return }
        try store.recordSignedMessage(digest: signedDigest, messageID: mail.messageID, requestID: request.id)
    }

    private static func isSigned(_ message: MailMessage) -> Bool {
        let type = message.root.contentType
        return (type.mimeType == "multipart/signed")
            || (["application/pkcs7-mime", "application/x-pkcs7-mime"].contains(type.mimeType)
                && (type.parameter("smime-type") ?? "signed-data").lowercased() == "signed-data")
    }

    struct Signature {
        let serial: String
        let memberID: Int64
        /// SHA-256 over the signer's serial and the signed content: the same text signed by two
        /// members (two assurers' identical assurance of one person) is two requests, not a replay.
        let digest: String
        let legacyDigest: String
        /// The signed MIME entity, parsed: the only place the request's fields and files come from.
        let content: MailMessage
    }

    /// Verifies an S/MIME signature against Vouch's own chain: the signer must hold a valid,
    /// unrevoked Vouch S/MIME certificate for the sender's address, issued to the member who owns
    /// that address today, and the signed entity must hold the request as plain text.
    private func verifySignature(
        _ bytes: [UInt8],
        message: MailMessage,
        context: JobContext
    ) -> Result<Signature, AuthorityError> {
        let authority = context.authority
        let sender = message.from?.mailbox ?? ""
        func refuse(_ reason: String) -> Result<Signature, AuthorityError> {
            .failure(AuthorityError(.refused, reason))
        }
        if message.root.contentType.hasAmbiguousBoundary {
            return refuse("its boundary parameter is given twice or escaped, so the signed part is ambiguous")
        }
        do {
            let verified = try SignedMessage.verify(
                bytes,
                roots: [try authority.certificate(.root)],
                intermediates: [try authority.certificate(.issuing(.smime))],
                at: context.now
            )
            guard try verified.signer.subjectAlternativeNames.emailAddresses.contains(sender.lowercased()) else {
                return refuse("the signing certificate is not for \(sender)")
            }
            let serial = verified.signer.serialNumber.hex
            let issuer = try authority.record(.issuing(.smime))
            guard let record = try authority.store.certificate(issuer: issuer.id, serialHex: serial) else {
                return refuse("the signing certificate was not issued by this CA")
            }
            guard record.revokedAt == nil else { return refuse("the signing certificate \(serial) is revoked") }
            guard let signer = record.memberID, let owner = try authority.store.email(sender),
                owner.memberID == signer
            else {
                return refuse("the signing certificate \(serial) belongs to another account than \(sender)")
            }
            let content = try MIMEParser.parse(verified.content)
            guard let text = content.textBody, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return refuse("the signed part of the message holds no plain text, so nothing in it was signed")
            }
            return .success(
                Signature(
                    serial: serial,
                    memberID: signer,
                    digest: Digest.sha256(Array("vouch signed request\u{0}\(serial)\u{0}".utf8) + verified.content).hex,
                    legacyDigest: Digest.sha256(verified.content).hex,
                    content: content
                )
            )
        } catch let error as PKIError {
            return refuse(error.reason)
        } catch {
            return refuse(Robot.reason(error))
        }
    }

    /// The CSRs in a message: attachments of a CSR type or name (PEM or DER), then PEM blocks in the
    /// text. At most four are kept, each at most 64 KiB: more is refused by the CSR handler anyway.
    static func signingRequests(in message: MailMessage, text: String) -> [Data] {
        var found: [Data] = []
        for attachment in message.attachments where found.count < 4 && attachment.data.count <= 65_536 {
            let name = attachment.filename?.lowercased() ?? ""
            let typed = ["application/pkcs10", "application/x-pkcs10"].contains(attachment.contentType)
            if typed || [".csr", ".pem", ".req", ".p10"].contains(where: name.hasSuffix) {
                found.append(Data(attachment.data))
            }
        }
        var searchFrom = text.startIndex
        while found.count < 4, let begin = text.range(of: "-----BEGIN ", range: searchFrom..<text.endIndex) {
            let endMarker = text.range(of: "-----END ", range: begin.upperBound..<text.endIndex)
            let lineEnd =
                endMarker.flatMap { text[$0.upperBound...].firstIndex(of: "\n") } ?? text.endIndex
            let block = text[begin.lowerBound..<lineEnd]
            if block.contains("CERTIFICATE REQUEST"), block.utf8.count <= 65_536 {
                found.append(Data(block.utf8))
            }
            searchFrom = lineEnd
        }
        return found
    }

    /// The header block of a message (up to 64 KiB), enough to learn the sender of mail too large to read.
    static func headerPrefix(of bytes: [UInt8]) -> [UInt8] {
        let window = bytes.prefix(64 * 1024)
        for index in window.indices.dropLast(3) where window[index] == 0x0A {
            if window[index + 1] == 0x0A || (window[index + 1] == 0x0D && window[index + 2] == 0x0A) {
                return Array(window[...index]) + [0x0A]
            }
        }
        return Array(window)
    }
}
