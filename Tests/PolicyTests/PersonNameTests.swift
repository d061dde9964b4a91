import Testing

@testable import Policy

@Suite struct PersonNameTests {
    @Test(
        arguments: [
            ("Alice Example", "Alice Example"),
            ("  Jean-Luc   O'Brien ", "Jean-Luc O'Brien"),
            ("J. R. R. Tolkien", "J. R. R. Tolkien"),
            ("Sánchez, Jr.", "Sánchez, Jr."),
            // A decomposed "é" (e + U+0301) is stored composed.
            ("Rene\u{301} Dupont", "Ren\u{E9} Dupont"),
            ("Δημήτρης Παπαδόπουλος", "Δημήτρης Παπαδόπουλος"),
            ("山田太郎", "山田太郎"),
            ("अनिल कुमार", "अनिल कुमार"),
        ]
    )
    func accepted(_ raw: String, _ stored: String) throws {
        #expect(try PersonName.normalised(raw).get() == stored)
    }

    @Test(
        arguments: [
            "",
            "   ",
            "Alice\u{0085}Example",  // NEXT LINE, a C1 control
            "Alice\u{202E}elpmaxE",  // RIGHT-TO-LEFT OVERRIDE
            "Ali\u{200B}ce",  // ZERO WIDTH SPACE
            "Ali\u{200D}ce",  // ZERO WIDTH JOINER
            "Alice\u{2028}Example",  // LINE SEPARATOR
            "Alice\u{0000}",
            "Alice <script>",
            "Alice \u{1F600}",
            "12345",
            "...",
        ]
    )
    func refused(_ raw: String) {
        #expect(throws: PolicyViolation.self) { try PersonName.normalised(raw).get() }
    }

    @Test func tooLong() {
        #expect(throws: PolicyViolation.self) { try PersonName.normalised(String(repeating: "a", count: 129)).get() }
        let longest = try? PersonName.normalised(String(repeating: "a", count: 128)).get()
        #expect(longest?.count == 128)
    }
}
