import Foundation
import Testing
import VouchTestSupport

/// The site in every configured language: where each language's pages go, how they point at each
/// other, and what a locale without a translation does.
@Suite struct LanguageSiteTests {
    func harness(locales: String) throws -> SiteHarness {
        let harness = try SiteHarness()
        let config = harness.data.appendingPathComponent("config.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        #expect(text.contains("locales = [\"en\", \"de\"]"))
        try text.replacingOccurrences(of: "locales = [\"en\", \"de\"]", with: "locales = \(locales)")
            .write(to: config, atomically: true, encoding: .utf8)
        return harness
    }

    @Test func everyPageIsInEveryLanguageAndPointsAtTheOthers() throws {
        let site = try SiteHarness()
        try site.addMember("Anna Beispiel", email: "anna@example.org")
        try site.build()
        let english = try site.page("policies/cp.html")
        let german = try site.page("de/policies/cp.html")
        #expect(english.contains("<html lang=\"en\">") && german.contains("<html lang=\"de\">"))
        for page in [english, german] {
            #expect(
                page.contains(
                    "<link rel=\"alternate\" hreflang=\"en\" href=\"https://ca.example.org/policies/cp.html\">"
                )
            )
            #expect(
                page.contains(
                    "<link rel=\"alternate\" hreflang=\"de\" href=\"https://ca.example.org/de/policies/cp.html\">"
                )
            )
            #expect(page.contains("hreflang=\"x-default\" href=\"https://ca.example.org/policies/cp.html\""))
        }
        #expect(english.contains("<a href=\"../de/policies/cp.html\" hreflang=\"de\" lang=\"de\">Deutsch</a>"))
        #expect(german.contains("<a href=\"../../policies/cp.html\" hreflang=\"en\" lang=\"en\">English</a>"))
        // The files every language shares are at the top only.
        #expect(german.contains("href=\"../../style.css\""))
        #expect(english.contains("This English text is the binding version"))
        #expect(german.contains("Verbindlich ist allein die englische Fassung"))
        for shared in ["de/style.css", "de/ca", "de/crl", "de/robots.txt", "de/sitemap.xml", "de/members"] {
            #expect(!FileManager.default.fileExists(atPath: site.site.appendingPathComponent(shared).path), "\(shared)")
        }
        let roots = try site.page("de/roots.html")
        #expect(roots.contains("href=\"../ca/root.pem\""))
        let sitemap = try site.page("sitemap.xml")
        #expect(sitemap.contains("<loc>https://ca.example.org/de/help/csr.html</loc>"))
        #expect(sitemap.contains("<loc>https://ca.example.org/help/csr.html</loc>"))
        let feed = try site.page("de/feed.xml")
        #expect(feed.contains("xml:lang=\"de\"") && feed.contains("<id>https://ca.example.org/de/feed.xml</id>"))
        // A member who asked for nothing has the default language's page; its links stay in it.
        let page = try site.memberPage("anna@example.org")
        #expect(page.contains("<html lang=\"en\">") && page.contains("href=\"../help/csr.html\""))
        #expect(!page.contains("hreflang"))
    }

    @Test func aMembersLanguageChangesTheirPageAtTheNextBuild() throws {
        let site = try SiteHarness()
        let member = try site.addMember("Anna Beispiel", email: "anna@example.org")
        try site.build()
        try site.store().setLanguage(member: member.id, "de")
        try site.build()
        let page = try site.memberPage("anna@example.org")
        #expect(page.contains("<html lang=\"de\">") && page.contains("href=\"../de/help/csr.html\""))
        #expect(page.contains("<title>Ihr Status — Site Test</title>"))
    }

    @Test func theDefaultLanguageIsAtTheTopAndAnEnglishOnlySiteHasNoSwitcher() throws {
        let german = try harness(locales: "[\"de\", \"en\"]")
        try german.build()
        #expect(try german.page("index.html").contains("<html lang=\"de\">"))
        #expect(try german.page("en/index.html").contains("<html lang=\"en\">"))
        #expect(try german.page("en/policies/cp.html").contains("href=\"../../style.css\""))

        let english = try harness(locales: "[\"en\"]")
        try english.build()
        let page = try english.page("policies/cp.html")
        #expect(!page.contains("hreflang") && !page.contains("class=\"languages\""))
        #expect(!page.contains("binding version"), "an English-only site has no translation to compare")
        #expect(!FileManager.default.fileExists(atPath: english.site.appendingPathComponent("de").path))
    }

    @Test func aLocaleWithoutATranslationStopsTheBuildAndSaysWhatToAdd() throws {
        let site = try harness(locales: "[\"en\", \"fr\"]")
        let result = try site.vouch.run(["site", "build", "--out", site.site.path])
        #expect(!result.succeeded)
        #expect(result.transcript.contains("the locale 'fr', which has no translation: add Templates/fr/messages.txt"))
    }
}
