import Authority
import Foundation
import Mail
import Store

/// How a `domain@` request proves control (its `Method:` field).
enum DomainValidationMethod: Equatable {
    /// A probe to one of the constructed addresses named by `Contact:` (TLS BR 3.2.2.4.4).
    case constructedAddress
    /// `Method: dns`: a TXT record with a random value (TLS BR 3.2.2.4.7).
    case dnsChange
    /// `Method: dns-contact`: a probe to the address in `_validation-contactemail` (TLS BR 3.2.2.4.14).
    case dnsContact

    init(field: String?) throws {
        switch (field ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "": self = .constructedAddress
        case "dns": self = .dnsChange
        case "dns-contact": self = .dnsContact
        default:
            throw RobotRefusal(
                "'Method: \(field ?? "")' is not a method this robot knows: write 'Method: dns' (a TXT record), 'Method: dns-contact' (the address in _validation-contactemail), or leave it out and write 'Contact:'"
            )
        }
    }

    /// The method recorded with the verified domain.
    var recorded: String {
        switch self {
        case .constructedAddress: DNSValidation.constructedAddressMethod
        case .dnsChange: DNSValidation.changeMethod
        case .dnsContact: DNSValidation.contactMethod
        }
    }

    /// The probe mailed to the domain's contact.
    var probeTemplate: String { self == .dnsContact ? "probe-dns-contact" : "probe-domain" }
}

extension Robot {
    /// `Method: dns`: starts a DNS Change validation of `domain` for `member` and mails the record
    /// to publish to the member's primary address. Only that mailbox learns the value, so no
    /// separate authorisation round trip is needed: publishing it is the member's confirmation.
    func startDNSChange(_ request: HandledRequest, member: Member, domain: String) throws -> Outcome {
        if let existing = try store.domain(domain) {
            throw RobotRefusal(
                existing.memberID == member.id
                    ? "\(domain) is already on your account"
                    : "\(domain) belongs to another account; disputes go to the operator"
            )
        }
        let started = try context.authority.startDNSChallenge(
            member: member.id,
            domain: domain,
            requestID: request.id,
            now: context.now
        )
        let until = ISO8601DateFormatter().string(from: started.expiresAt)
        try mail.queue(
            "dns-challenge",
            to: .member(member, address: member.primaryEmail),
            values: [
                "domain": domain, "recordName": started.recordName, "value": started.value, "expires": until,
                "requester": request.sender,
            ],
            purpose: .reply,
            requestID: request.id,
            inReplyTo: member.primaryEmail == request.sender ? request.mail.messageID : nil
        )
        return .done(
            "TXT record for \(domain) sent to \(member.primaryEmail); the dns job looks for \(started.recordName) until \(until)"
        )
    }

    /// `Method: dns-contact`: the one address `_validation-contactemail.<domain>` publishes,
    /// looked up now with DNSSEC validation; the robot's usual probe goes there.
    func dnsContact(of domain: String) throws -> String {
        let address = try context.authority.dnsContactAddress(of: domain)
        do {
            try Address.validate(address)
        } catch {
            throw RobotRefusal(
                "the address published at \(DNSValidation.contactRecordName(for: domain)) cannot be used: \(Self.reason(error))"
            )
        }
        return address
    }
}
