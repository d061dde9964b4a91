import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority
@testable import Jobs
@testable import PKI

/// Hostile and odd mail through the real intake: nothing crashes the jobs, everything gets an
/// answer or a recorded reason, and the batch goes on.
@Suite(.serialized) struct HostileMailTests {
    static let corpus = RepositoryPaths.root.appendingPathComponent("Tests/MailTests/Corpus")

    @Test func wholeCorpusIsRecordedAndAnswered() throws {
        let robot = try RobotHarness()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter {
            $0.hasSuffix(".eml")
        }.sorted()
        #expect(files.count >= 20)
        var delivered = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            if bytes.isEmpty {
                // An empty message is refused at delivery, with a reason, and the MTA keeps it.
                let refused = try robot.vouch.run(["deliver"], input: bytes)
                #expect(refused.status != 0 && refused.error.contains("empty"), "\(refused.transcript)")
                continue
            }
            try robot.deliver(bytes: bytes)
            delivered += 1
        }
        // A valid registration after the junk is still served in the same run.
        try robot.deliver(
            "From: late@example.org\nTo: register@ca.example.org\nSubject: join\n\nName: Late Comer\nDate-Of-Birth: 1990-03-03\n"
        )
        let run = try robot.runJobs()
        #expect(run.output.contains("intake: \(delivered + 1) messages recorded"), "\(run.transcript)")
        let requests = try robot.requests()
        #expect(requests.count == delivered + 1)
        #expect(requests.allSatisfy { $0[2] != "received" }, "\(requests)")
        #expect(requests.last?[2] == "waiting-confirmation")
        // Every message is kept, processed, in the inbox's cur/.
        let kept = try FileManager.default.contentsOfDirectory(
            atPath: robot.vouch.data.appendingPathComponent("mail/inbox/cur").path
        )
        #expect(kept.count == delivered + 1)
        // Running again changes nothing: no message is recorded twice.
        let again = try robot.runJobs()
        #expect(again.output.contains("intake: 0 messages recorded"))
        #expect(try robot.requests().count == delivered + 1)
    }

    @Test func deliveryFailuresTellTheMTAWhetherToRetry() throws {
        // No CA (yet) at the path: defer (75), so the MTA keeps the mail; an empty message: refuse (65).
        let nowhere = try TemporaryDirectory("vouch-nowhere")
        let missing = try VouchCLI(data: nowhere.file("var")).run(
            ["deliver"],
            input: Array("From: a@example.org\n\nx\n".utf8)
        )
        #expect(missing.status == 75 && missing.error.contains("holds no CA"), "\(missing.transcript)")
        let robot = try RobotHarness()
        let empty = try robot.vouch.run(["deliver"], input: [])
        #expect(empty.status == 65, "\(empty.transcript)")
    }

    @Test func oversizeMailGetsAPoliteReply() throws {
        let robot = try RobotHarness()
        let header = "From: big@example.org\nTo: register@ca.example.org\nSubject: huge\n\n"
        var message = Array(header.utf8)
        message += [UInt8](repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024)
        try robot.deliver(bytes: message)
        try robot.runJobs()
        let reply = try #require(try robot.newMail().first)
        #expect(reply.to.first?.mailbox == "big@example.org")
        #expect(reply.textBody?.contains("more than the 10240 KiB") == true, "\(reply.textBody ?? "")")
        #expect(try robot.requests().first?[1] == "oversize")
    }

    @Test func headerInjectionInASubjectStaysOneLine() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: alice@example.org\nTo: info@ca.example.org\nSubject: =?utf-8?q?hi=0D=0ABcc:_victim@example.net?=\n\nhello\n"
        )
        try robot.runJobs()
        let outbox = robot.vouch.data.appendingPathComponent("mail/outbox/new")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: outbox.path).first)
        let raw = String(decoding: try Data(contentsOf: outbox.appendingPathComponent(name)), as: UTF8.self)
        #expect(!raw.lowercased().contains("\nbcc:") && !raw.lowercased().contains("\r\nbcc:"))
        let reply = try MIMEParser.parse(Array(raw.utf8))
        #expect(reply.to.map(\.mailbox) == ["alice@example.org"])
        #expect(reply.allHeaders("Bcc").isEmpty)
    }

    @Test func robotMailFlattensControlCharactersInMemberText() throws {
        // The parser already unfolds encoded line breaks; the robot must not rely on that.
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let mail = try RobotMail(context: JobContext(authority: authority))
        let member = try #require(try authority.store.member(byEmail: "alice@example.org"))
        try mail.queue(
            "rejected",
            to: .member(member, address: "alice@example.org"),
            values: [
                "reason": "no\u{2028}Forged: paragraph\u{0085}end", "subject": "hi\r\nBcc: victim@example.net",
                "kind": "help",
            ],
            purpose: .reply,
            requestID: nil
        )
        try mail.flush()
        let sent = try #require(try robot.newMail().first)
        #expect(sent.allHeaders("Bcc").isEmpty)
        #expect(sent.subject?.contains("hi  Bcc: victim@example.net") == true, "\(sent.subject ?? "")")
        // Unicode line separators (U+2028, NEL) are flattened too: no forged line in the body.
        #expect(sent.textBody?.contains("no Forged: paragraph end") == true, "\(sent.textBody ?? "")")
        #expect(sent.to.map(\.mailbox) == ["alice@example.org"])
    }

    @Test func signedRequestNeedsNoAuthorisationRoundTrip() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        // Alice gets an S/MIME certificate from the CA (through the Authority, as the csr@ flow will).
        let authority = try CertificateAuthority.open(
            DataDirectory(robot.vouch.data),
            passphrase: RobotHarness.passphrase
        )
        let member = try #require(try authority.store.member(byEmail: "alice@example.org"))
        let key = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: key,
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
        )
        let issued = try authority.issue(IssuanceRequest(memberID: member.id, profile: .smimeMailbox, csr: csr))

        let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\nAdd: alice@example.net\r\n".utf8)
        let signed = try SignedMessage.sign(content, certificate: issued.certificate, key: key)
        try robot.deliver(
            bytes: Array("From: alice@example.org\nTo: email@ca.example.org\nSubject: add\n".utf8) + signed
        )
        try robot.runJobs()
        let probes = try robot.newMail()
        #expect(probes.map { $0.to.first?.mailbox } == ["alice@example.net"], "\(probes.map(\.to))")

        // The same request with the signature broken is treated as unsigned, and says so.
        var tampered = String(decoding: signed, as: UTF8.self)
        tampered = tampered.replacingOccurrences(of: "alice@example.net", with: "mallory@example.net")
        try robot.deliver(
            bytes: Array("From: alice@example.org\nTo: email@ca.example.org\nSubject: add\n".utf8)
                + Array(tampered.utf8)
        )
        try robot.runJobs()
        let unsigned = try robot.newMail()
        #expect(Set(unsigned.compactMap { $0.to.first?.mailbox }) == ["mallory@example.net", "alice@example.org"])
        let authorise = try #require(unsigned.first { $0.to.first?.mailbox == "alice@example.org" })
        #expect(authorise.textBody?.contains("signature could not be accepted") == true, "\(authorise.textBody ?? "")")

        // A revoked signing certificate no longer saves the round trip.
        try authority.revoke(serialHex: issued.record.serialHex, reason: .keyCompromise)
        let again = try SignedMessage.sign(
            Array("Content-Type: text/plain\r\n\r\nAdd: alice@example.com\r\n".utf8),
            certificate: issued.certificate,
            key: key
        )
        try robot.deliver(
            bytes: Array("From: alice@example.org\nTo: email@ca.example.org\nSubject: add\n".utf8) + again
        )
        try robot.runJobs()
        let afterRevocation = try robot.newMail()
        #expect(afterRevocation.count == 2)
        #expect(afterRevocation.contains { $0.textBody?.contains("revoked") == true })
    }
}
