import Foundation
import Mail
import Testing

/// What the well-formed (and the recoverable malformed) corpus messages decode to.
@Suite struct DecodingTests {
    private func message(_ name: String) throws -> MailMessage { try MIMEParser.parse(try Corpus.bytes(name)) }

    @Test func plainUTF8() throws {
        let mail = try message("plain-utf8.eml")
        #expect(mail.from == Address(mailbox: "jane@example.org", displayName: "Jane Example"))
        #expect(mail.subject == "Register me")
        #expect(mail.messageID == "<plain-1@example.org>")
        #expect(mail.originalRecipient == "register@ca.example.org")
        #expect(mail.returnPath == "jane@example.org")
        #expect(mail.problems.isEmpty)
        #expect(!mail.isAutomated)
        let fields = BodyFields.parse(try #require(mail.textBody))
        #expect(fields["name"] == "Jane Zoë Example")
        #expect(fields["DATE-OF-BIRTH"] == "1990-04-01")
    }

    @Test func latin1EncodedWordsAndQuotedPrintableBody() throws {
        let mail = try message("rfc2047-latin1.eml")
        #expect(mail.subject == "Café crème")
        #expect(mail.from?.displayName == "René Müller")
        #expect(mail.to.first?.displayName == "Vouch Registration")
        let body = try #require(mail.textBody)
        #expect(!body.contains("\r"))
        #expect(BodyFields.parse(body)["Name"] == "René Müller")
    }

    @Test func adjacentUTF8EncodedWordsAreJoined() throws {
        let mail = try message("rfc2047-utf8-adjacent.eml")
        #expect(mail.subject == "🔐 Überprüfung und Schlüssel ok")
        #expect(mail.from?.displayName == "Jürgen Grün")
        #expect(mail.from?.mailbox == "juergen@example.de")
    }

    @Test func base64BodyWithJunk() throws {
        let mail = try message("base64-body.eml")
        let fields = BodyFields.parse(try #require(mail.textBody))
        #expect(fields["Name"] == "Åsa Ström")
        #expect(fields["Comment"] == "base64 with junk")
    }

    @Test func quotedPrintableBody() throws {
        let body = try #require(try message("qp-body.eml").textBody)
        let fields = BodyFields.parse(body)
        #expect(fields["Name"] == "François Dupont")
        #expect(fields["Note"] == "a soft break and an equals = sign and a broken =ZZ escape")
        #expect(fields["Date-Of-Birth"] == "2000-01-31")
    }

    @Test func alternativePrefersPlainAndUnwrapsFlowed() throws {
        let mail = try message("multipart-alternative.eml")
        #expect(mail.root.children.count == 2)
        let fields = BodyFields.parse(try #require(mail.textBody))
        #expect(fields["Name"] == "Flowed Person With A Long Name-Continued")
        #expect(mail.attachments.isEmpty)
    }

    @Test func attachmentsWithRFC2231Names() throws {
        let mail = try message("attachments-rfc2231.eml")
        #expect(mail.problems.isEmpty)
        #expect(BodyFields.parse(try #require(mail.textBody))["Profile"] == "smime")
        let files = mail.attachments
        #expect(files.map(\.filename) == ["résumé key.csr", "naïve long name.der", "notes.txt", "über.pdf"])
        #expect(
            files.map(\.contentType) == [
                "application/pkcs10", "application/octet-stream", "text/plain", "application/pdf",
            ]
        )
        #expect(String(decoding: files[0].data, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE REQUEST-----\n"))
        #expect(files[1].data == Array(0...255))
        #expect(files[3].data == Array("%PDF-1.4\n".utf8))
    }

    @Test(arguments: ["missing-boundary.eml", "wrong-boundary.eml"])
    func brokenMultipartIsOneTextPart(_ name: String) throws {
        let mail = try message(name)
        #expect(mail.problems.count == 1)
        #expect(mail.root.children.isEmpty)
        #expect(mail.root.contentType.mimeType == "text/plain")
        #expect(try #require(mail.textBody).contains("Name: "))
    }

    @Test func unterminatedMultipartKeepsItsParts() throws {
        let mail = try message("unterminated-multipart.eml")
        #expect(mail.root.children.count == 2)
        #expect(mail.attachments.first?.data == [0, 1, 2])
        #expect(mail.problems.contains { $0.contains("closing boundary") })
        #expect(BodyFields.parse(try #require(mail.textBody))["Name"] == "Unterminated")
    }

    @Test func nestingBeyondTheLimitIsRefused() throws {
        let bytes = try Corpus.bytes("nested-50.eml")
        #expect(throws: MailError.self) { try MIMEParser.parse(bytes) }
        do {
            _ = try MIMEParser.parse(bytes)
        } catch let error as MailError {
            #expect(error.code == "too-deep")
        }
        let deep = try MIMEParser.parse(bytes, limits: MIMELimits(maxDepth: 60))
        #expect(deep.textBody == "Name: Deep")
        #expect(deep.parts.count == 52)
    }

    @Test func encodedLineBreaksInHeadersBecomeSpaces() throws {
        let mail = try message("header-injection.eml")
        #expect(mail.subject == "hello  Bcc: victim@example.com")
        #expect(mail.header("X-Encoded-Nul") == "a b")
        #expect(mail.header("Bcc") == nil)
        #expect(mail.from?.mailbox == "evil@example.org")
    }

    @Test func signedFirstPartKeepsItsExactBytes() throws {
        let bytes = try Corpus.bytes("signed.eml")
        let mail = try MIMEParser.parse(bytes)
        #expect(mail.root.contentType.mimeType == "multipart/signed")
        let signed = try #require(mail.root.children.first)
        let expected =
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + "Profile: smime\r\nSerial: 01\r\n"
        #expect(signed.rawBytes == Array(expected.utf8))
        #expect(mail.attachments.map(\.filename) == ["smime.p7s"])
        #expect(BodyFields.parse(try #require(mail.textBody))["Serial"] == "01")
    }

    @Test func unknownCharsetIsNoted() throws {
        let mail = try message("unknown-charset.eml")
        #expect(mail.problems.contains { $0.contains("koi8-r") })
        #expect(mail.textBody?.hasPrefix("Name: ") == true)
    }

    @Test func windows1252() throws {
        let body = try #require(try message("windows-1252.eml").textBody)
        #expect(body == "Note: \u{201C}quoted\u{201D} \u{2013} dash \u{20AC}\n")
    }

    @Test func messageWithoutHeaders() throws {
        let mail = try message("no-headers.eml")
        #expect(mail.headers.isEmpty)
        #expect(BodyFields.parse(try #require(mail.textBody))["Date-Of-Birth"] == "1970-01-01")
    }

    @Test func headersOnlyAndEmpty() throws {
        let mail = try message("headers-only.eml")
        #expect(mail.subject == "no body and no empty line")
        #expect(mail.textBody == "")
        let empty = try message("empty.eml")
        #expect(empty.headers.isEmpty && empty.textBody == "")
    }

    @Test func malformedHeaders() throws {
        let mail = try message("malformed-headers.eml")
        #expect(mail.header("subject") == "spaced name")
        #expect(mail.header("X-Latin1") == "café")
        #expect(mail.header("x-folded") == "one  two\tthree")
        #expect(mail.header("To") == nil)
        #expect(mail.textBody?.hasPrefix("this line has no colon") == true)
        #expect(mail.problems.count == 2)
    }

    @Test func mboxSeparatorIsSkipped() throws {
        let mail = try message("mbox-from-line.eml")
        #expect(mail.from?.mailbox == "sender@example.org")
        #expect(mail.problems.isEmpty)
    }

    @Test func forwardedMessageIsNotTheSendersAttachment() throws {
        let mail = try message("forwarded-rfc822.eml")
        #expect(mail.attachments.isEmpty)
        #expect(BodyFields.parse(try #require(mail.textBody))["Add"] == "second@example.org")
        let embedded = try #require(mail.root.children.last?.children.first)
        #expect(embedded.header("Subject") == "inner")
    }

    @Test func addressHeaders() throws {
        let mail = try message("addresses.eml")
        #expect(mail.from == Address(mailbox: "john.doe@example.com", displayName: "Doe, John (Jr.)"))
        #expect(mail.to.isEmpty)
        #expect(
            mail.cc == [
                Address(mailbox: "a@example.org"),
                Address(mailbox: "b@example.org", displayName: "B \"quoted\" Person"),
                Address(mailbox: "c@example.org"), Address(mailbox: "d@example.org", displayName: "D"),
                Address(mailbox: "e@example.org", displayName: "Old Style E"),
            ]
        )
        #expect(mail.replyTo == [Address(mailbox: "route@example.net")])
        #expect(mail.mailbox(of: "reply-to") == "route@example.net")
        #expect(mail.deliveredTo == ["second@ca.example.org", "first@ca.example.org"])
        #expect(mail.originalRecipient == "second@ca.example.org")
        #expect(mail.inReplyTo == "<orig@ca.example.org>")
        #expect(mail.references == ["<a@x>", "<b@y>", "<orig@ca.example.org>"])
        #expect(mail.allHeaders("delivered-to").count == 2)
    }

    @Test func badEncodingsAreReadAround() throws {
        let mail = try message("bad-base64-and-qp.eml")
        #expect(mail.root.children.count == 4)
        #expect(mail.root.children[0].text == "HelloWorld")
        #expect(mail.problems.contains { $0.contains("x-uuencode") })
        #expect(mail.problems.contains { $0.contains("garbage") })
    }
}
