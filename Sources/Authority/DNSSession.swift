import DNS
import Foundation
import Store

extension AuthorityError.Code {
    /// A DNS lookup failed or timed out: the check it served cannot pass.
    package static let dnsLookupFailed = Self(name: "dns-lookup-failed")
    /// DNSSEC validation failed (bogus): the answer may be forged and is never used.
    package static let dnsBogus = Self(name: "dns-bogus")
    /// `[dns] mode = "offline-demo"`: this CA makes no lookups.
    package static let dnsDisabled = Self(name: "dns-disabled")
    /// CAA records forbid this CA to issue for a name (RFC 8659, TLS BR 3.2.2.8).
    package static let caaForbids = Self(name: "caa-forbids")
}

/// The validating resolver made from `[dns]`, for one batch of lookups (a job run, a command);
/// the only way the rest of Vouch reaches DNS.
package final class DNSSession {
    let resolver: Resolver
    package let settings: DNSSettings

    init(settings: DNSSettings) throws {
        guard settings.mode != .offlineDemo else {
            throw AuthorityError(
                .dnsDisabled,
                "this demo CA has no network and makes no DNS lookups ([dns] mode = \"offline-demo\")"
            )
        }
        self.settings = settings
        do {
            resolver = try Resolver(
                Resolver.Configuration(
                    forwarder: settings.resolver,
                    trustAnchorFile: settings.trustAnchor,
                    timeoutSeconds: Double(settings.timeoutSeconds)
                )
            )
        } catch {
            throw AuthorityError(.invalidConfiguration, "[dns]: \(error.reason)")
        }
    }

    /// Who answers, for evidence and reports.
    package var resolverDescription: String {
        settings.resolver.isEmpty ? "the system's resolver (/etc/resolv.conf)" : settings.resolver
    }

    /// The TXT records at `name`, each as one value (its strings joined), validated: a failure,
    /// a timeout or a bogus answer throws with the reason.
    package func txt(_ name: String) throws -> TXTLookup {
        do {
            let records = try resolver.txt(name)
            return TXTLookup(
                name: name,
                values: records.records.map(\.bytes),
                dnssec: records.dnssec.rawValue
            )
        } catch {
            throw Self.authorityError(error)
        }
    }

    static func authorityError(_ error: DNSError) -> AuthorityError {
        AuthorityError(error.code == .bogus ? .dnsBogus : .dnsLookupFailed, error.reason)
    }
}

/// The TXT records found at one name.
package struct TXTLookup: Sendable, Hashable {
    package let name: String
    /// Each record's value, its character-strings joined.
    package let values: [[UInt8]]
    /// "secure" or "insecure" (a bogus answer never gets this far).
    package let dnssec: String

    package var texts: [String] { values.map { String(decoding: $0, as: UTF8.self) } }
}

extension CertificateAuthority {
    /// A resolver for a batch of lookups; throws for the offline demo and for a bad `[dns]`.
    package func dnsSession() throws -> DNSSession { try DNSSession(settings: configuration.dns) }

    /// Whether this CA makes DNS lookups at all (only the offline demo does not).
    package var makesDNSLookups: Bool { configuration.dns.mode != .offlineDemo }
}
