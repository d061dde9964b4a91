import Mail
import Testing

@Suite struct BodyFieldsTests {
    @Test(
        arguments: [
            ("Name: Jane Example", "name", "Jane Example"),
            ("NAME:Jane", "Name", "Jane"),
            ("  Date-Of-Birth :   1990-04-01   ", "date-of-birth", "1990-04-01"),
            ("Name: first\nName: second", "Name", "first"),
            ("> Name: quoted\nName: mine", "Name", "mine"),
            ("-- \nName: in the signature", "Name", nil),
            ("Name: before\n-- \nName: after", "Name", "before"),
            ("1: b\n2: c", "1", "b"),
            ("Name:", "Name", ""),
            ("Domain: example.org\r\nContact: hostmaster", "Contact", "hostmaster"),
            ("Not a field\nHello there", "Hello there", nil),
            ("URL: https://example.org/x", "url", "https://example.org/x"),
        ] as [(String, String, String?)]
    )
    func lookup(_ text: String, _ key: String, _ value: String?) {
        #expect(BodyFields.parse(text)[key] == value)
    }

    @Test func keepsOrderAndRepeats() {
        let fields = BodyFields.parse("A: 1\nB: 2\na: 3\n")
        #expect(fields.fields.map(\.name) == ["A", "B", "a"])
        #expect(fields["a"] == "1")
        #expect(BodyFields.parse("").isEmpty)
    }
}
