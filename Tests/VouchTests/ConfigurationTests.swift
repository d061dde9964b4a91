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
            site: SiteSettings(
                output: "/srv/site",
                templates: "/srv/templates",
                content: "/srv/content",
                locales: ["de", "en", "fr"]
            ),
            mail: MailSettings(
                transport: "sendmail",
                sendmail: "/usr/lib/sendmail",
                maximumMessageBytes: 1_000_000,
                probesPerDay: 5,
                requestExpiryHours: 12,
                repliesPerDay: 7
            )
        )
        let reread = try CAConfiguration(toml: original.toml)
        #expect(reread == original)
        #expect(reread.baseURL == "https://ca.example.org")
        #expect(reread.publicationURL == "http://ca.example.org")
    }

    @Test func policyNumbersAreWrittenAndMayBeChanged() throws {
        let base = try CAConfiguration(name: "P", mailDomain: "ca.example.org", baseURL: "https://ca.example.org")
        #expect(base.toml.contains("[policy]"))
        #expect(base.toml.contains("smime_days_high = 730"))
        #expect(base.toml.contains("assurances_for_50 = 2"))
        let changed = try CAConfiguration(
            toml: base.toml.replacingOccurrences(of: "smime_days_high = 730", with: "smime_days_high = 400")
        )
        #expect(changed.policy.smimeDaysHigh == 400)
        #expect(changed.policy.smimeLifetimeDays(points: 60) == 400)
    }

    @Test(arguments: [
        ("smime_days_ceiling = 825", "smime_days_ceiling = 900", "825"),
        ("probe_lifetime_hours = 24", "probe_lifetime_hours = 48", "24 hours"),
        ("code_signing_max_days = 460", "code_signing_max_days = 500", "460"),
        ("smime_days_high = 730", "smime_days_hihg = 730", "no setting 'smime_days_hihg'"),
        ("locales = [\"en\", \"de\"]", "locales = []", "must be a list of language tags"),
        ("locales = [\"en\", \"de\"]", "locales = \"en\"", "must be a list of language tags"),
        ("locales = [\"en\", \"de\"]", "locales = [\"en\", \"de-AT\"]", "\"de-AT\"; a locale is two or three"),
        ("locales = [\"en\", \"de\"]", "locales = [\"en\", \"EN\"]", "\"EN\"; a locale is two or three"),
        ("locales = [\"en\", \"de\"]", "locales = [\"de\", \"de\"]", "names a locale twice"),
    ])
    func aSettingOutsideItsRulesIsRefused(original: String, replacement: String, reason: String) throws {
        let base = try CAConfiguration(name: "P", mailDomain: "ca.example.org", baseURL: "https://ca.example.org")
        #expect(base.toml.contains(original))
        #expect {
            try CAConfiguration(toml: base.toml.replacingOccurrences(of: original, with: replacement))
        } throws: { ($0 as? AuthorityError)?.reason.contains(reason) == true }
    }

    @Test(arguments: [
        ("[ca]\nname = \"x\nfoo", "line 2"),
        ("[ca\nname = \"x\"", "line 1"),
        ("[ca]\nname = bare", "line 2"),
        ("[ca]\nname = \"a\"\nname = \"b\"", "line 3"),
        ("[site]\nlocales = [\"en\", \"de\"", "line 2: an array must close"),
        ("[site]\nlocales = [\"en\" \"de\"]", "line 2: expected ','"),
        ("[site]\nlocales = [\"en\", de]", "line 2: an array holds quoted strings only"),
        ("[site]\nlocales = [1, 2]", "line 2: an array holds quoted strings only"),
        ("[site]\nlocales = [\"en]", "line 2: unterminated string"),
    ])
    func malformedLinesAreNamed(text: String, line: String) {
        #expect { try TOMLDocument(parsing: text) } throws: { ($0 as? AuthorityError)?.reason.contains(line) == true }
    }

    @Test func arraysOfStringsRead() throws {
        let document = try TOMLDocument(
            parsing: "[site]\nlocales = [ \"en\",\"d\\\"e\" , \"a,b\", ]  # the default first\nempty = []\n"
        )
        #expect(document["site.locales"] == .strings(["en", "d\"e", "a,b"]))
        #expect(document["site.empty"] == .strings([]))
        #expect(TOMLDocument.Value.strings(["en", "de"]).description == "[\"en\", \"de\"]")
    }

    @Test func localesAreReadTheDefaultFirst() throws {
        let base = try CAConfiguration(name: "L", mailDomain: "ca.example.org", baseURL: "https://ca.example.org")
        #expect(base.site.locales == ["en", "de"] && base.site.defaultLocale == "en")
        let german = try CAConfiguration(
            toml: base.toml.replacingOccurrences(of: "locales = [\"en\", \"de\"]", with: "locales = [\"de\", \"en\"]")
        )
        #expect(german.site.defaultLocale == "de" && german.site.sitePrefix("en") == "en/")
        #expect(german.site.locale(of: "EN") == "en" && german.site.locale(of: "fr") == "de")
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

    @Test func aCRLFFileReadsAsItsLines() throws {
        let original = try CAConfiguration(
            name: "CRLF CA",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org"
        )
        let crlf = original.toml.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(crlf.split(separator: "\n").count == 1, "\"\\r\\n\" is one Character: the old reader saw one line")
        #expect(try CAConfiguration(toml: crlf) == original)
        let document = try TOMLDocument(parsing: "[ca]\r\nname = \"x\"\r\n\r\n[crl]\r\nshards = 4\r\n")
        #expect(document["crl.shards"] == .integer(4) && document.lines["crl.shards"] == 5)
    }

    @Test(arguments: [
        ("name = ", "nmae = ", "unknown key 'ca.nmae'"),
        ("shards = ", "shard = ", "unknown key 'crl.shard'"),
        ("[mail]", "[mial]", "unknown key 'mial."),
        ("smime_days_high = ", "smime_days_hihg = ", "[policy] has no setting 'smime_days_hihg'"),
    ])
    func anUnknownKeyAnywhereIsAnErrorNamingItsLine(original: String, replacement: String, reason: String) throws {
        let base = try CAConfiguration(name: "K", mailDomain: "ca.example.org", baseURL: "https://ca.example.org")
        let text = base.toml.replacingOccurrences(of: original, with: replacement)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.hasPrefix(replacement) })
        // A misspelt section makes its first key the first stranger.
        let line = index + (replacement.hasPrefix("[") ? 2 : 1)
        #expect {
            try CAConfiguration(toml: text)
        } throws: { error in
            let message = (error as? AuthorityError)?.reason ?? ""
            return message.contains(reason) && message.contains("line \(line):")
        }
    }
}
