import Mail
import Testing

@Suite struct AddressTests {
    @Test(
        arguments: [
            ("jane@example.org", "jane@example.org", nil),
            ("Jane <JANE@Example.ORG>", "jane@example.org", "Jane"),
            ("\"Example, Jane\" <jane@example.org>", "jane@example.org", "Example, Jane"),
            ("jane@example.org (Jane Example)", "jane@example.org", "Jane Example"),
            ("Jane (the boss) Example <jane@example.org>", "jane@example.org", "Jane Example"),
            ("=?utf-8?q?Zo=C3=AB?= <zoe@example.org>", "zoe@example.org", "Zoë"),
            ("\"=?iso-8859-1?q?Ren=E9?=\" <rene@example.org>", "rene@example.org", "René"),
            ("<@a.example,@b.example:user@example.org>", "user@example.org", nil),
            ("J. R. Doe <jrd@example.org>", "jrd@example.org", "J. R. Doe"),
            ("\"odd local\"@example.org", "\"odd local\"@example.org", nil),
            ("user@[192.0.2.1]", "user@[192.0.2.1]", nil),
        ] as [(String, String, String?)]
    )
    func parsesOne(_ value: String, _ mailbox: String, _ name: String?) {
        let found = Address.parseList(value)
        #expect(found == [Address(mailbox: mailbox, displayName: name)])
        #expect(Address.mailbox(of: value) == mailbox)
    }

    @Test(arguments: [
        "", "   ", "<>", "undisclosed-recipients:;", "(just a comment)", "\"unterminated", ",,,", "<<<>>>",
    ])
    func parsesNothingWithoutCrashing(_ value: String) {
        #expect(Address.parseList(value).allSatisfy { !$0.mailbox.isEmpty })
    }

    @Test(
        arguments: [
            "plain", "two@@example.org", "a@b@example.org", "@example.org", "jane@", "jane..doe@example.org",
            ".jane@example.org", "jane@-example.org", "jane@exa_mple.org", "jane@exämple.org", "ja ne@example.org",
            "jane@example..org",
        ]
    )
    func refusesInvalid(_ mailbox: String) {
        #expect(throws: MailError.self) { try Address.validate(mailbox) }
    }

    @Test(arguments: [
        "jane@example.org", "verify+abc234@ca.example.org", "o'brien@xn--bcher-kva.example", "x@localhost",
    ])
    func acceptsValid(_ mailbox: String) throws {
        try Address.validate(mailbox)
    }

    @Test func parseOneForBodyFields() throws {
        #expect(try Address.parse(" Second <Second@Example.org> ").mailbox == "second@example.org")
        #expect(throws: MailError.self) { try Address.parse("a@example.org, b@example.org") }
        #expect(throws: MailError.self) { try Address.parse("not an address") }
        do {
            _ = try Address.parse("a@example.org\r\nBcc: b@example.org")
            Issue.record("a line break was accepted")
        } catch let error as MailError {
            #expect(error.code == "header-injection")
        }
    }
}
