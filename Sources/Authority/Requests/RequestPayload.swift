import Foundation
import PKI
import Store

/// What intake read from a request's mail, once: the robot's handlers never parse a message again.
package struct IncomingMail: Codable, Sendable, Hashable {
    /// The robot address it was delivered for.
    package var to: String = ""
    package var subject: String = ""
    package var messageID: String = ""
    /// Why the mail counts as automated (RFC 3834); nil for mail from a person.
    package var automated: String?
    /// The `Name: value` body fields by lower-cased name; the first value of a name wins.
    package var fields: [String: String] = [:]
    /// Certificate signing requests found in the message (DER, or PEM text as sent), at most a few.
    package var csrs: [Data] = []
    /// Intake's own finding that makes the request unreadable (too large, not parseable).
    package var problem: String?
    /// What the MIME parser tolerated.
    package var parseNotes: String?
    /// For a verified S/MIME signature: the signer certificate's serial and member.
    package var signedBy: String?
    package var signerMemberID: Int64?
    /// Why a signature was not accepted; the request is then treated as unsigned.
    package var signatureProblem: String?
    /// For `verify+TOKEN@`: the SHA-256 of the token (never the token) and whether the reply's own
    /// text or subject carries the confirmation code.
    package var tokenHash: String?
    package var carriesCode: Bool = false
    /// For `challenge+TOKEN@`: the numbered lines of the reply (`1: b`), every one in order, so that
    /// an answer given twice is seen (the fields keep only the first).
    package var answerLines: [[String]]?
    /// The languages the message's `Content-Language` and `Accept-Language` headers suggest, most
    /// wanted first: what a registration without a `Language:` line is answered in.
    package var languages: [String]?

    package init() {}

    /// The first value of a body field, by name, case-insensitively.
    package func field(_ name: String) -> String? { fields[name.lowercased()] }

    package var isSigned: Bool { signedBy != nil }
}

/// What a confirmed request will change, decided and checked when the request was handled, applied
/// by the confirmation in one transaction with consuming the probe and closing the request.
package enum PendingChange: Codable, Sendable, Hashable {
    /// `language`: what the registration asked for or its headers suggested (nil: the default).
    case register(name: String, dateOfBirth: String, email: String, language: String? = nil)
    case addEmail(memberID: Int64, address: String)
    case addDomain(memberID: Int64, domain: String, method: String, contact: String)
    /// A certificate to issue once confirmed: the CSR (DER) and the profile the checks chose.
    case issue(memberID: Int64, profile: String, csr: Data)
    case revoke(memberID: Int64, serialHex: String, reason: String?)
    /// An assurance, checked when the assurer's mail was handled and checked again when applied.
    case assure(AssuranceReport)
    /// The member answered the mail with the new status link: the old page goes.
    case retireStatusPage(memberID: Int64)
}

/// A request's payload column: the mail as read at intake and, once handled, the pending change.
package struct RequestPayload: Codable, Sendable, Hashable {
    package var mail: IncomingMail
    package var pending: PendingChange?

    package init(mail: IncomingMail, pending: PendingChange? = nil) {
        self.mail = mail
        self.pending = pending
    }

    /// The stored JSON (sorted keys, so the same payload is always the same text).
    package func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The payload of a stored request; an old or hand-edited row that does not decode stops with a reason.
    package init(of request: Request) throws {
        do {
            self = try JSONDecoder().decode(RequestPayload.self, from: Data(request.payload.utf8))
        } catch {
            throw AuthorityError(
                .invalidConfiguration,
                "request \(request.id) holds a payload this version cannot read: \(error)"
            )
        }
    }
}
