import Foundation
import Testing
import VouchTestSupport

/// No page holds a date of birth; member-supplied text is escaped everywhere it appears; member
/// pages are private (unguessable, noindex, no referrer, not in the sitemap, disallowed, unlisted).
@Suite(.serialized) struct PrivacyTests {
    static let hostileNames = [
        "<script>alert('x')</script>",
        "\"><img src=x onerror=alert(1)>",
        "Mallory \u{202E}gnp.exe\u{202C} Example",
        "Null\u{0}Byte",
        String(repeating: "Long", count: 2_500),
        "O'Brien & Søn \"quoted\"",
    ]

    @Test func hostileNamesAreEscapedAndNoPageHoldsADateOfBirth() throws {
        let harness = try SiteHarness()
        var births: [String] = []
        for (index, name) in Self.hostileNames.enumerated() {
            let birth = "19\(60 + index)-0\(index + 1)-1\(index)"
            births.append(birth)
            try harness.addMember(name, email: "m\(index)@example.org", birth: birth)
        }
        let store = try harness.store()
        let first = try #require(try store.member(byEmail: "m0@example.org"))
        let second = try #require(try store.member(byEmail: "m1@example.org"))
        try store.recordAssurance(
            assurer: second.id,
            assuree: first.id,
            points: 10,
            meetingDate: "2026-11-30",
            location: "<b>bold</b> café",
            method: .faceToFace,
            documents: "passport",
            capSigned: true
        )
        try harness.build()

        for (path, text) in try harness.allText() where !path.hasSuffix(".der") && !path.hasSuffix(".crl") {
            for birth in births { #expect(!text.contains(birth), "\(path) shows the date of birth \(birth)") }
            #expect(!text.contains("<script"), "\(path) holds a script element")
            #expect(!text.contains("<img"), "\(path) holds an injected element")
            #expect(!text.unicodeScalars.contains("\u{0}"), "\(path) holds a NUL")
            #expect(!text.contains("<b>bold"), "\(path) passes markup through")
        }
        let page = try harness.memberPage("m0@example.org")
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") || page.contains("&lt;script&gt;"))
        #expect(page.contains("&lt;b&gt;bold&lt;/b&gt; café"))
        let mallory = try harness.memberPage("m2@example.org")
        // The override is kept but confined to its own isolated run of text.
        #expect(mallory.contains("<bdi>Mallory \u{202E}gnp.exe\u{202C} Example</bdi>"))
        // SQLite ends the text at the NUL, or the page shows U+FFFD for it: never the NUL itself.
        let null = try harness.memberPage("m3@example.org")
        #expect(null.contains("Null\u{FFFD}Byte") || null.contains("<bdi>Null</bdi>"))
        #expect(try harness.memberPage("m4@example.org").contains(String(repeating: "Long", count: 2_500)))
        #expect(try harness.memberPage("m5@example.org").contains("O&#39;Brien &amp; Søn &quot;quoted&quot;"))
    }

    @Test func memberPagesArePrivateAndUnlisted() throws {
        let harness = try SiteHarness()
        try harness.addMember("Alice Example", email: "alice@example.org")
        try harness.build()
        let member = try #require(try harness.store().member(byEmail: "alice@example.org"))
        // At least 128 random bits: 26 base32 characters carry 130.
        #expect(member.statusPageID.count >= 26)
        let page = try harness.memberPage("alice@example.org")
        #expect(page.contains(#"<meta name="robots" content="noindex, nofollow, noarchive">"#))
        #expect(page.contains(#"<meta name="referrer" content="no-referrer">"#))
        #expect(try harness.page("robots.txt").contains("Disallow: /members/"))
        for (path, text) in try harness.allText() where !path.hasPrefix("members/") {
            #expect(!text.contains(member.statusPageID), "\(path) links to a member page")
        }
        #expect(!(try harness.page("sitemap.xml")).contains("members/"))
        // A folder listing would name the pages: members/ has an index page of its own.
        #expect(try harness.page("members/index.html").contains("noindex"))
        // Downloads are inside the private page, not at an address of their own.
        #expect(!FileManager.default.fileExists(atPath: harness.site.appendingPathComponent("certificates").path))
    }
}
