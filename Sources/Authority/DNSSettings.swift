import Foundation
import PKI

#if canImport(Glibc)
import Glibc
#endif

/// How the CA looks things up in DNS: `[dns]` in `config.toml`.
package struct DNSSettings: Sendable, Hashable {
    /// Whether lookups are made at all.
    package struct Mode: RawRepresentable, Sendable, Hashable {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// Every lookup is made and validated; a failure or a bogus answer refuses (the only mode
        /// `vouch init` writes, and the one assumed when `mode` is absent).
        package static let validating = Mode(rawValue: "validating")
        /// Written only by `vouch demo`, whose CA has no network: nothing is looked up, DNS methods
        /// are refused, and CAA evidence says plainly that it was not checked.
        package static let offlineDemo = Mode(rawValue: "offline-demo")
    }

    package var mode: Mode
    /// `address@port` of the resolver to forward to, as unbound writes it; empty for the system's.
    package var resolver: String
    /// DS or DNSKEY records of the DNSSEC trust anchor, in zone-file format.
    package var trustAnchor: String
    /// The longest one question may take.
    package var timeoutSeconds: Int
    /// The issuer domain names that mean this CA in CAA `issue` records; empty for the mail domain.
    package var caaIdentities: [String]

    /// Debian's dns-root-data: the root zone's key-signing key.
    package static let debianRootKey = "/usr/share/dns/root.key"

    package init(
        mode: Mode = .validating,
        resolver: String = "",
        trustAnchor: String = DNSSettings.debianRootKey,
        timeoutSeconds: Int = 10,
        caaIdentities: [String] = []
    ) {
        self.mode = mode
        self.resolver = resolver
        self.trustAnchor = trustAnchor
        self.timeoutSeconds = timeoutSeconds
        self.caaIdentities = caaIdentities
    }

    /// From `config.toml`'s values (nil where a key is absent).
    init(
        mode: String?,
        resolver: String?,
        trustAnchor: String?,
        timeoutSeconds: Int?,
        caaIdentities: String?
    ) throws {
        self.init(
            mode: mode.map(Mode.init(rawValue:)) ?? .validating,
            resolver: resolver ?? "",
            trustAnchor: trustAnchor ?? Self.debianRootKey,
            timeoutSeconds: timeoutSeconds ?? 10,
            caaIdentities: (caaIdentities ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map {
                $0.lowercased()
            }
        )
    }

    var isOfflineDemo: Bool { mode == .offlineDemo }

    func validate() throws {
        func refuse(_ reason: String) -> AuthorityError { AuthorityError(.invalidConfiguration, reason) }
        guard [Mode.validating, .offlineDemo].contains(mode) else {
            throw refuse("dns.mode must be \"validating\" (or absent); \"\(mode.rawValue)\" is not a mode")
        }
        guard resolver.isEmpty || Self.isAddressAtPort(resolver) else {
            throw refuse(
                "dns.resolver '\(resolver)' must be an IP address with an optional @port, such as \"127.0.0.1@5353\", or empty for the system's resolver"
            )
        }
        guard trustAnchor.hasPrefix("/") else { throw refuse("dns.trust_anchor must be an absolute path") }
        guard (1...60).contains(timeoutSeconds) else { throw refuse("dns.timeout_seconds must be 1 to 60") }
        for identity in caaIdentities where !CertificateNames.isPublicDNSName(identity) {
            throw refuse("dns.caa_identities: '\(identity)' is not a domain name such as ca.example.org")
        }
    }

    /// `192.0.2.1`, `192.0.2.1@5353`, `2001:db8::1@53`: what `ub_ctx_set_fwd` accepts.
    static func isAddressAtPort(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65_535).contains(port) else { return false }
        }
        var buffer = [UInt8](repeating: 0, count: 16)
        let address = String(parts[0])
        return inet_pton(AF_INET, address, &buffer) == 1 || inet_pton(AF_INET6, address, &buffer) == 1
    }

    func write(into document: inout TOMLDocument) {
        // Only the demo writes a mode: a real CA never has DNS switched off by a default.
        if isOfflineDemo { document.set("dns", "mode", .string(mode.rawValue)) }
        document.set("dns", "resolver", .string(resolver))
        document.set("dns", "trust_anchor", .string(trustAnchor))
        document.set("dns", "timeout_seconds", .integer(timeoutSeconds))
        document.set("dns", "caa_identities", .string(caaIdentities.joined(separator: ", ")))
    }
}

extension CAConfiguration {
    /// The issuer domain names that CAA `issue` records must name for this CA (TLS BR 3.2.2.8:
    /// the CA's CP/CPS lists them); the mail domain unless `[dns] caa_identities` says otherwise.
    package var caaIdentities: [String] { dns.caaIdentities.isEmpty ? [mailDomain] : dns.caaIdentities }
}
