import Testing

@testable import Mail

/// The languages a message's headers suggest, most wanted first.
@Suite struct LanguagePreferenceTests {
    @Test(
        arguments: [
            (nil, nil, []),
            ("de-AT", nil, ["de"]),
            (nil, "fr;q=0.9, de-DE, en;q=0.5", ["de", "fr", "en"]),
            // Content-Language (what the sender wrote in) comes before what their program accepts.
            ("fr", "de, en;q=0.8", ["fr", "de", "en"]),
            // Equal weights keep their order; q=0 and "*" mean nothing; a tag is named once.
            (nil, "en-GB, en-US, nl, *;q=0.1, it;q=0", ["en", "nl"]),
            (nil, "de ; q = 0.7 , EN", ["en", "de"]),
            // Nothing that is not a language tag.
            ("12, x y, ", "de;q=bogus, <script>", []),
        ] as [(String?, String?, [String])]
    )
    func languages(contentLanguage: String?, acceptLanguage: String?, expected: [String]) {
        #expect(
            LanguagePreference.languages(contentLanguage: contentLanguage, acceptLanguage: acceptLanguage) == expected
        )
    }
}
