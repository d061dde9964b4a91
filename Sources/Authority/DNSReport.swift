import Failure
import Foundation
import PKI

/// What the resolver sees for one domain: `vouch dns check`.
package struct DNSReport: Sendable, Hashable, Codable {
    package var domain: String
    package var resolver: String
    package var trustAnchor: String
    package var caaIdentities: [String]
    /// `_vouch-challenge.<domain>` (Method: dns).
    package var challenge: TXTReport
    /// `_validation-contactemail.<domain>` (Method: dns-contact), with the address it yields.
    package var contact: TXTReport
    package var contactAddress: String?
    package var contactProblem: String?
    /// The CAA check a TLS certificate for `domain` would get now.
    package var caa: CAANameEvidence

    /// The report for a terminal.
    package var text: String {
        var lines = [
            "\(domain): resolver \(resolver), trust anchor \(trustAnchor)",
            challenge.line,
            contact.line,
        ]
        if let contactAddress { lines.append("    contact address: \(contactAddress)") }
        if let contactProblem { lines.append("    no contact address: \(contactProblem)") }
        let place =
            caa.relevantDomain.map { "found at \($0): \(caa.records.joined(separator: ", "))" }
            ?? "none up to the top-level domain"
        lines.append("  CAA (identities \(caaIdentities.joined(separator: ", "))): \(place)")
        for lookup in caa.lookups {
            lines.append(
                "    \(lookup.name): \(lookup.records) records, \(lookup.dnssec)\(lookup.error.map { ": \($0)" } ?? "")"
            )
        }
        lines.append("    \(caa.permitted ? "TLS issuance permitted" : "TLS issuance refused"): \(caa.reason)")
        return lines.joined(separator: "\n")
    }
}

/// The TXT records at one name, or why there are none to show.
package struct TXTReport: Sendable, Hashable, Codable {
    package var name: String
    /// "secure", "insecure", "bogus" or "failed".
    package var dnssec: String
    package var values: [String]
    package var error: String?

    var line: String {
        let shown = values.isEmpty ? "no TXT record" : values.map { "\"\($0)\"" }.joined(separator: ", ")
        return "  \(name) TXT: \(shown) (\(dnssec))\(error.map { ": \($0)" } ?? "")"
    }
}

extension CertificateAuthority {
    /// Looks up everything Vouch would look up for `domain` now, without changing anything.
    package func dnsReport(domain raw: String, now: Date) throws -> DNSReport {
        let domain: String
        do {
            domain = try DomainName.normalise(raw)
        } catch {
            throw AuthorityError(.refused, error.reason)
        }
        let session = try dnsSession()
        func report(_ name: String) -> (TXTReport, TXTLookup?) {
            do {
                let lookup = try session.txt(name)
                return (TXTReport(name: name, dnssec: lookup.dnssec, values: lookup.texts, error: nil), lookup)
            } catch let error as AuthorityError {
                return (
                    TXTReport(
                        name: name,
                        dnssec: error.code == .dnsBogus ? "bogus" : "failed",
                        values: [],
                        error: error.reason
                    ),
                    nil
                )
            } catch {
                return (TXTReport(name: name, dnssec: "failed", values: [], error: "\(error)"), nil)
            }
        }
        let (challenge, _) = report(DNSValidation.challengeRecordName(for: domain))
        let (contact, contactLookup) = report(DNSValidation.contactRecordName(for: domain))
        var address: String?
        var problem: String?
        if let contactLookup {
            do {
                address = try DNSValidation.contactAddress(in: contactLookup)
            } catch {
                problem = failureReason(error)
            }
        } else {
            problem = contact.error
        }
        return DNSReport(
            domain: domain,
            resolver: session.resolverDescription,
            trustAnchor: configuration.dns.trustAnchor,
            caaIdentities: configuration.caaIdentities,
            challenge: challenge,
            contact: contact,
            contactAddress: address,
            contactProblem: problem,
            caa: session.caa(for: domain, identities: configuration.caaIdentities)
        )
    }
}
