import Testing

@testable import PKI

@Suite struct DomainNameTests {
    @Test(arguments: [
        ("Example.ORG.", "example.org"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("例え.jp", "xn--r8jz45g.jp"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ])
    func normalisesToALabels(input: String, expected: String) throws {
        #expect(try DomainName.normalise(input) == expected)
    }

    @Test(arguments: [
        "pаypal.com", "localhost", "192.0.2.1", "exa mple.org", "ex@mple.org", "a..example.org", "☃.example",
    ])
    func refusesLookAlikesAndNonNames(input: String) {
        // "pаypal" has a Cyrillic "а" among Latin letters.
        #expect(throws: DomainName.Refusal.self) { try DomainName.normalise(input) }
    }

    @Test func anALabelTypedAsSuchGetsTheSameScriptCheck() throws {
        // "pаypal" with a Cyrillic "а", written as the A-label a browser would show as "paypal".
        let lookAlike = "xn--" + (try #require(DomainName.punycode("pаypal")))
        #expect { try DomainName.normalise("\(lookAlike).com") } throws: {
            ($0 as? DomainName.Refusal)?.reason.contains("mixes") == true
        }
        #expect(DomainName.decodePunycode("bcher-kva") == "bücher")
        #expect(DomainName.decodePunycode("e1afmkfd") == "пример")
        // Not Punycode, or not what an encoder writes for its Unicode form.
        for label in ["xn--", "xn--abc-", "ab--cd"] {
            #expect(throws: DomainName.Refusal.self, "\(label)") { try DomainName.normalise("\(label).example") }
        }
    }

    @Test func mixedScriptsAreNamedInTheReason() {
        #expect { try DomainName.normalise("pаypal.com") } throws: {
            ($0 as? DomainName.Refusal)?.reason.contains("mixes") == true
        }
    }
}
