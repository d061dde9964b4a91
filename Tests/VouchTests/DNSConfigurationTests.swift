import Foundation
import Testing

@testable import Authority
@testable import Jobs

/// `[dns]` in config.toml: what init writes, what is refused, and the demo's offline mode.
@Suite struct DNSConfigurationTests {
    static func configuration(_ dns: DNSSettings = DNSSettings()) throws -> CAConfiguration {
        try CAConfiguration(name: "T", mailDomain: "ca.example.org", baseURL: "https://ca.example.org", dns: dns)
    }

    @Test func defaultsAreWrittenAndReadBack() throws {
        let written = try Self.configuration().toml
        #expect(
            written.contains(
                "[dns]\nresolver = \"\"\ntrust_anchor = \"/usr/share/dns/root.key\"\ntimeout_seconds = 10\ncaa_identities = \"ca.example.org\"\n"
            )
        )
        #expect(!written.contains("mode"))
        let read = try CAConfiguration(toml: written)
        #expect(read.dns.mode == .validating && read.caaIdentities == ["ca.example.org"])
    }

    @Test func settingsRoundTrip() throws {
        let dns = DNSSettings(
            resolver: "127.0.0.1@5353",
            trustAnchor: "/etc/vouch/anchor.ds",
            timeoutSeconds: 3,
            caaIdentities: ["ca.example.org", "vouch.example"]
        )
        let read = try CAConfiguration(toml: try Self.configuration(dns).toml)
        #expect(read.dns == dns)
        #expect(read.caaIdentities == ["ca.example.org", "vouch.example"])
        #expect(
            try CAConfiguration(toml: try Self.configuration(DNSSettings(resolver: "2001:db8::1@53")).toml).dns.resolver
                == "2001:db8::1@53"
        )
    }

    @Test(arguments: [
        (DNSSettings(resolver: "dns.example.org"), "dns.resolver"),
        (DNSSettings(resolver: "127.0.0.1@99999"), "dns.resolver"),
        (DNSSettings(trustAnchor: "root.key"), "absolute path"),
        (DNSSettings(timeoutSeconds: 0), "timeout_seconds"),
        (DNSSettings(caaIdentities: ["not a name"]), "caa_identities"),
        (DNSSettings(mode: .init(rawValue: "off")), "dns.mode"),
    ])
    func badSettingsAreRefused(settings: DNSSettings, reason: String) {
        let error = #expect(throws: AuthorityError.self) { try Self.configuration(settings) }
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
    }

    @Test func onlyTheDemoWritesTheOfflineMode() throws {
        let demo = Demo(
            directory: DataDirectory(URL(fileURLWithPath: "/tmp/unused")),
            siteOutput: URL(fileURLWithPath: "/tmp/unused-site"),
            templates: URL(fileURLWithPath: "/tmp"),
            content: URL(fileURLWithPath: "/tmp")
        )
        let configuration = try demo.configuration()
        #expect(configuration.dns.mode == .offlineDemo)
        #expect(configuration.toml.contains("[dns]\nmode = \"offline-demo\"\n"))
    }
}
