import Mail
import Testing

/// Transfer encodings and encoded words, through the parser (the codecs themselves are internal).
@Suite struct EncodingTests {
    private func body(_ encoding: String, _ content: String, charset: String = "utf-8") throws -> String? {
        let text = "Content-Type: text/plain; charset=\(charset)\nContent-Transfer-Encoding: \(encoding)\n\n\(content)"
        return try MIMEParser.parse(Array(text.utf8)).textBody
    }

    @Test(
        arguments: [
            ("SGVsbG8=", "Hello"),
            ("SGVs\nbG8", "Hello"),
            ("S G V s b G 8 =", "Hello"),
            ("SGVsbG8=SGVsbG8=", "HelloHello"),
            ("SGVsbG8*#$%", "Hello"),
            ("", ""),
            ("====", ""),
            ("w6k=", "é"),
        ]
    )
    func base64(_ encoded: String, _ decoded: String) throws {
        #expect(try body("base64", encoded) == decoded)
    }

    @Test(
        arguments: [
            ("caf=C3=A9", "café"),
            ("caf=c3=a9", "café"),
            ("soft=\nbreak", "softbreak"),
            ("soft=  \nbreak", "softbreak"),
            ("trailing   \nspace", "trailing\nspace"),
            ("kept=20\n", "kept \n"),
            ("bad =X1 and =", "bad =X1 and "),
            ("=", ""),
        ]
    )
    func quotedPrintable(_ encoded: String, _ decoded: String) throws {
        #expect(try body("quoted-printable", encoded) == decoded)
    }

    @Test(
        arguments: [
            ("=?utf-8?q?a_b?=", "a b"),
            ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),
            ("=?UTF-8?Q?a?=   =?ISO-8859-1?Q?=E9?=", "aé"),
            ("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b"),
            ("=?utf-8*en?q?lang?=", "lang"),
            ("=?utf-8?x?unknown-encoding?=", "=?utf-8?x?unknown-encoding?="),
            ("=?utf-8?q?unterminated", "=?utf-8?q?unterminated"),
            ("=?=?=?=?", "=?=?=?=?"),
            ("before=?utf-8?b?w6k=?=after", "beforeéafter"),
            ("=?utf-8?B?8J+U?= =?utf-8?B?kA==?=", "🔐"),
            ("plain ascii", "plain ascii"),
        ]
    )
    func encodedWords(_ raw: String, _ decoded: String) throws {
        let mail = try MIMEParser.parse(Array("Subject: \(raw)\n\n".utf8))
        #expect(mail.subject == decoded)
        #expect(mail.headers.first?.rawValue == raw)
    }
}
