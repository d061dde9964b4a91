import Authority
import Foundation
import Mail
import PKI
import Store

/// Reads the inbox Maildir: each message becomes a request row, then moves to `cur/`, in that order,
/// so a message is never lost and never recorded twice (a rerun finds its row by the file's name).
/// Nothing is answered here; the requests job does that, including for mail that could not be read.
package struct IntakeJob: Job {
    package let name = "intake"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let inbox = Maildir(url: context.authority.directory.inbox)
        try inbox.createLayout()
        var recorded = 0
        for file in inbox.pending() {
            let reference = Self.reference(of: file)
            if try context.authority.store.request(messageRef: reference) == nil {
                let (kind, sender, payload) = try classify(file, inbox: inbox, context: context)
                try context.authority.store.recordRequest(
                    kind: kind,
                    sender: sender,
                    messageRef: reference,
                    receivedAt: context.now,
                    payload: payload
                )
                recorded += 1
            }
            _ = try inbox.markProcessed(file)
        }
        return "\(recorded) messages recorded"
    }

    /// The message's unique Maildir name, without the `:2,` flags that change as it moves.
    static func reference(of file: URL) -> String {
        String(file.lastPathComponent.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// What the message asks for, who sent it, and the fields the handlers need. Messages that cannot
    /// be read still get a row, with the problem in the payload, so the sender gets an answer.
    private func classify(_ file: URL, inbox: Maildir, context: JobContext) throws -> (String, String, [String: String])
    {
        let configuration = context.authority.configuration
        let limit = configuration.mail.maximumMessageBytes
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit {
            // Read only the header, to learn whom to answer; the message itself is never loaded.
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let prefix = Array(try handle.read(upToCount: 64 * 1024) ?? Data())
            let header = (try? MIMEParser.parse(Self.headerPrefix(of: prefix)))
            return (
                "oversize", header?.from?.mailbox ?? "",
                [
                    "problem":
                        "your message is \(size / 1024) KiB, more than the \(limit / 1024) KiB this robot accepts; send the request as plain text, with a CSR of a few KiB at most",
                    "automated": header?.automationReason ?? "", "messageID": header?.messageID ?? "",
                ]
            )
        }
        let bytes = try inbox.read(file)
        let message: MailMessage
        do {
            message = try MIMEParser.parse(bytes, limits: MIMELimits(maxTotalBytes: limit))
        } catch {
            let header = try? MIMEParser.parse(Self.headerPrefix(of: bytes))
            return (
                "malformed", header?.from?.mailbox ?? "",
                [
                    "problem": "your message could not be read (\(error)); send it again as plain text",
                    "automated": header?.automationReason ?? "",
                ]
            )
        }
        let recipient =
            message.originalRecipient
            ?? (message.to + message.cc).map(\.mailbox).first {
                $0.lowercased().hasSuffix("@\(configuration.mailDomain)")
            }
            ?? ""
        let address = RobotAddress(mailbox: recipient, mailDomain: configuration.mailDomain)
        var payload: [String: String] = [
            "to": recipient, "subject": message.subject ?? "", "messageID": message.messageID ?? "",
            "automated": message.automationReason ?? "",
        ]
        if case .verify(let token) = address { payload["token"] = token }
        var text = message.textBody
        if Self.isSigned(message) {
            switch verifySignature(bytes, sender: message.from?.mailbox ?? "", context: context) {
            case .success(let (serial, content)):
                payload["signedBy"] = serial
                if let content, let inner = try? MIMEParser.parse(content), let innerText = inner.textBody {
                    text = innerText
                }
            case .failure(let problem):
                payload["signatureProblem"] = problem.reason
            }
        }
        // The first value of a field wins, as BodyFields reads them.
        for field in BodyFields.parse(text ?? "").fields where payload["field." + field.name.lowercased()] == nil {
            payload["field." + field.name.lowercased()] = field.value
        }
        if !message.problems.isEmpty { payload["parseNotes"] = message.problems.joined(separator: "; ") }
        return (address.kind, message.from?.mailbox ?? "", payload)
    }

    private static func isSigned(_ message: MailMessage) -> Bool {
        let type = message.root.contentType
        return (type.mimeType == "multipart/signed")
            || (["application/pkcs7-mime", "application/x-pkcs7-mime"].contains(type.mimeType)
                && (type.parameter("smime-type") ?? "signed-data").lowercased() == "signed-data")
    }

    /// Verifies an S/MIME signature against Vouch's own chain: the signer must hold a valid,
    /// unrevoked Vouch S/MIME certificate for the sender's address. Returns its serial and, for
    /// opaque signed-data, the signed entity.
    private func verifySignature(
        _ bytes: [UInt8],
        sender: String,
        context: JobContext
    )
        -> Result<(String, [UInt8]?), AuthorityError>
    {
        let authority = context.authority
        do {
            let verified = try SignedMessage.verify(
                bytes,
                roots: [try authority.certificate(.root)],
                intermediates: [try authority.certificate(.issuing(.smime))],
                at: context.now
            )
            guard try verified.signer.subjectAlternativeNames.emailAddresses.contains(sender.lowercased()) else {
                return .failure(AuthorityError(.refused, "the signing certificate is not for \(sender)"))
            }
            let serial = verified.signer.serialNumber.hex
            let issuer = try authority.record(.issuing(.smime))
            guard let record = try authority.store.certificate(issuer: issuer.id, serialHex: serial) else {
                return .failure(AuthorityError(.refused, "the signing certificate was not issued by this CA"))
            }
            guard record.revokedAt == nil else {
                return .failure(AuthorityError(.refused, "the signing certificate \(serial) is revoked"))
            }
            return .success((serial, verified.content))
        } catch let error as PKIError {
            return .failure(AuthorityError(.refused, error.reason))
        } catch {
            return .failure(AuthorityError(.refused, "\(error)"))
        }
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
