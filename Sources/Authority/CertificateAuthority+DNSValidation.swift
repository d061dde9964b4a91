import Foundation
import PKI
import Store

/// The DNS methods of domain validation: DNS Change (TLS BR 3.2.2.4.7) with a `_vouch-challenge`
/// TXT record, and Email to DNS TXT Contact (TLS BR 3.2.2.4.14) via `_validation-contactemail`.
package enum DNSValidation {
    /// Where the member publishes the value (an underscore label, so it never names a host).
    package static func challengeRecordName(for domain: String) -> String { "_vouch-challenge.\(domain)" }
    /// Where the domain's holder publishes the address that may approve validations (BR A.2.1).
    package static func contactRecordName(for domain: String) -> String { "_validation-contactemail.\(domain)" }
    /// How long a published value is looked for (BR 3.2.2.4.7: a Random Value is valid 30 days).
    package static let challengeLifetime: TimeInterval = 30 * 86_400
    /// The method recorded with a domain verified by its TXT record.
    package static let changeMethod = "DNS change (TLS BR 3.2.2.4.7)"
    /// What a validation by mail to a constructed address (`admin@`, `hostmaster@` …) records.
    package static let constructedAddressMethod = "constructed address (BR 3.2.2.4.4)"
    /// The method recorded with a domain verified through its published contact address.
    package static let contactMethod = "email to DNS TXT contact (TLS BR 3.2.2.4.14)"
    /// 160 random bits, above the BR's 112 and the 128 Vouch asks of every secret it mails.
    static let valueCharacters = 32
    /// A TXT value longer than one character-string (255 octets) is not a value we sent.
    static let maximumValueBytes = 255

    /// When to look again after `checks` looks: 5 minutes, doubling, at most 6 hours apart.
    package static func nextCheck(after checks: Int, at time: Date) -> Date {
        let delay = min(300 * pow(2, Double(min(checks, 12))), 6 * 3_600)
        return time.addingTimeInterval(delay)
    }

    /// The one address a `_validation-contactemail` TXT RRset names, or why it names none: exactly
    /// one record, whose value is one RFC 5322 addr-spec (dot-atom local part, public domain).
    package static func contactAddress(in lookup: TXTLookup) throws -> String {
        func refuse(_ reason: String) -> AuthorityError { AuthorityError(.refused, reason) }
        let name = lookup.name
        guard !lookup.values.isEmpty else {
            throw refuse(
                "\(name) has no TXT record; publish one with the address that may approve, or use 'Contact:' with one of the administrative addresses"
            )
        }
        guard lookup.values.count == 1 else {
            throw refuse(
                "\(name) has \(lookup.values.count) TXT records (\(lookup.texts.map { "\"\($0)\"" }.joined(separator: ", "))); publish exactly one address"
            )
        }
        let bytes = lookup.values[0]
        guard bytes.count <= maximumValueBytes else {
            throw refuse("the TXT record at \(name) is \(bytes.count) bytes long; an address is at most 254")
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let pieces = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" })
        if pieces.filter({ $0.contains("@") }).count > 1 || text.filter({ $0 == "@" }).count > 1 {
            throw refuse("the TXT record at \(name) (\"\(text)\") names several addresses; publish exactly one")
        }
        guard isAddrSpec(text) else {
            throw refuse(
                "the TXT record at \(name) (\"\(text)\") is not an email address such as hostmaster@example.org"
            )
        }
        // Lower case like every address the robot records (mail systems fold it anyway).
        return text.lowercased()
    }

    /// RFC 5322 §3.4.1 addr-spec with a dot-atom local part and a public LDH domain.
    static func isAddrSpec(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count), text.utf8.count <= 254 else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)
        let atoms = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard atoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(atext.contains) }) else { return false }
        return CertificateNames.isPublicDNSName(parts[1].lowercased())
    }
}

/// What one look for a challenge's TXT record found.
package enum DNSChallengeCheck: Sendable, Hashable {
    /// The record holds the value: the domain is verified; `evidence` says what was seen.
    case verified(evidence: String)
    /// Not there yet, or the lookup failed for now: look again later.
    case notYet(String)
    /// The record is there and wrong (or its answer is bogus): the challenge ends with this reason.
    case refused(String)
}

extension DNSSession {
    /// Looks for `challenge`'s record once. Never throws: every outcome is a reason for the member.
    package func check(_ challenge: DNSChallenge, at time: Date) -> DNSChallengeCheck {
        let name = challenge.recordName
        let lookup: TXTLookup
        do {
            lookup = try txt(name)
        } catch let error as AuthorityError {
            // A bogus answer may be an attack; a failed or slow one is looked for again later.
            return error.code == .dnsBogus ? .refused(error.reason) : .notYet(error.reason)
        } catch {
            return .notYet("\(error)")
        }
        guard !lookup.values.isEmpty else { return .notYet("no TXT record at \(name) yet") }
        guard lookup.values.count == 1 else {
            return .refused(
                "\(name) has \(lookup.values.count) TXT records (\(lookup.texts.map { "\"\($0)\"" }.joined(separator: ", "))); it must hold exactly one, the value we sent"
            )
        }
        let bytes = lookup.values[0]
        guard bytes.count <= DNSValidation.maximumValueBytes else {
            return .refused(
                "the TXT record at \(name) is \(bytes.count) bytes long, more than the 255 of one string; it must hold exactly the value we sent"
            )
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard Store.challengeValueHash(text) == challenge.valueSHA256 else {
            return .refused("the TXT record at \(name) holds \"\(text)\", which is not the value we sent")
        }
        return .verified(
            evidence:
                "TXT \(name) held the value sent (DNSSEC: \(lookup.dnssec)), looked up through \(resolverDescription) at \(ISO8601DateFormatter().string(from: time))"
        )
    }
}

extension CertificateAuthority {
    /// Starts a DNS Change validation of `domain` for `member`: the record to publish and its
    /// value (mailed to the member, stored only hashed), looked for by the `dns` job for 30 days.
    package func startDNSChallenge(
        member memberID: Int64,
        domain: String,
        requestID: Int64?,
        now: Date
    ) throws -> (recordName: String, value: String, expiresAt: Date) {
        guard makesDNSLookups else {
            throw AuthorityError(
                .dnsDisabled,
                "this demo CA makes no DNS lookups; use 'Contact:' instead of 'Method: dns'"
            )
        }
        let recordName = DNSValidation.challengeRecordName(for: domain)
        let value = RandomID.base32(characters: DNSValidation.valueCharacters)
        let expiresAt = now.addingTimeInterval(DNSValidation.challengeLifetime)
        try store.createDNSChallenge(
            value: value,
            member: memberID,
            domain: domain,
            recordName: recordName,
            requestID: requestID,
            expiresAt: expiresAt
        )
        return (recordName, value, expiresAt)
    }

    /// The address `_validation-contactemail.<domain>` publishes (TLS BR 3.2.2.4.14), looked up
    /// and validated now; throws with the reason the member is told.
    package func dnsContactAddress(of domain: String) throws -> String {
        let lookup = try dnsSession().txt(DNSValidation.contactRecordName(for: domain))
        return try DNSValidation.contactAddress(in: lookup)
    }
}
