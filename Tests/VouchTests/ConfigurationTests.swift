import Foundation
import Testing

@testable import Authority

/// `config.toml`: every setting survives a write and a read, and mistakes name their line.
@Suite struct ConfigurationTests {
    @Test func everySettingRoundTrips() throws {
        let original = try CAConfiguration(
            name: "Round \"Trip\" CA",
            country: "NL",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org/",
            policyOID: "1.3.6.1.4.1.32473.9.9",
            rootKey: .p384,
            issuingKey: .p256,
            crlValidityDays: 5,
            arlValidityDays: 300,
            site: SiteSettings(output: "/srv/site", templates: "/srv/templates", content: "/srv/content"),
            mail: MailSettings(
                transport: "sendmail",
                sendmail: "/usr/lib/sendmail",
                maximumMessageBytes: 1_000_000,
                probesPerDay: 5,
                requestExpiryHours: 12
            )
        )
        let reread = try CAConfiguration(toml: original.toml)
        #expect(reread == original)
        #expect(reread.baseURL == "https://ca.example.org")
        #expect(reread.publicationURL == "http://ca.example.org")
    }

    @Test(arguments: [
        ("[ca]\nname = \"x\nfoo", "line 2"),
        ("[ca\nname = \"x\"", "line 1"),
        ("[ca]\nname = bare", "line 2"),
        ("[ca]\nname = \"a\"\nname = \"b\"", "line 3"),
    ])
    func malformedLinesAreNamed(text: String, line: String) {
        #expect { try TOMLDocument(parsing: text) } throws: { ($0 as? AuthorityError)?.reason.contains(line) == true }
    }

    @Test func missingAndWrongTypesAreRefused() {
        #expect { try CAConfiguration(toml: "[ca]\nname = \"x\"\n") } throws: {
            ($0 as? AuthorityError)?.reason.contains("ca.country") == true
        }
        #expect {
            try CAConfiguration(
                name: "x",
                mailDomain: "ca.example.org",
                baseURL: "https://ca.example.org",
                mail: MailSettings(transport: "smtp")
            )
        } throws: { ($0 as? AuthorityError)?.reason.contains("transport") == true }
    }
}
