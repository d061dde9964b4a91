import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority
@testable import Jobs
@testable import PKI

/// The findings of the security review (issue 7), each shown closed end to end: through `vouch
/// deliver`, `vouch jobs run` and the outbox, as an attacker would try them.
@Suite(.serialized) struct SecurityReviewTests {
    /// A member with a valid S/MIME certificate and its key, for signed requests.
    private func signingMember(
        _ robot: RobotHarness,
        _ email: String = "alice@example.org"
    ) throws -> (
        CertificateAuthority, Certificate, PrivateKey
    ) {
        try robot.register(email)
        let authority = try CertificateAuthority.open(
            DataDirectory(robot.vouch.data),
            passphrase: RobotHarness.passphrase
        )
        let member = try #require(try authority.store.member(byEmail: email))
        let key = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: key,
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: [email])
        )
        let issued = try authority.issue(IssuanceRequest(memberID: member.id, profile: .smimeMailbox, csr: csr))
        return (authority, issued.certificate, key)
    }

    @Test func aWrappedHTMLOnlySignedMailCannotCarryUnsignedText() throws {
        let robot = try RobotHarness()
        let (_, certificate, key) = try signingMember(robot)
        // What the member really signed: an HTML-only message.
        let html = Array("Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hello robot</p>\r\n".utf8)
        let signed = String(decoding: try SignedMessage.sign(html, certificate: certificate, key: key), as: UTF8.self)
        // The attacker adds an RFC 2231 boundary* that only a careless parser prefers, and hides a text
        // part delimited by it in the preamble, where OpenSSL never looks.
        let wrapped = signed.replacingOccurrences(
            of: "multipart/signed;",
            with: "multipart/signed; boundary*=''EVIL;"
        ).replacingOccurrences(
            of: "This is an S/MIME signed message",
            with:
                "--EVIL\r\nContent-Type: text/plain\r\n\r\nAdd: attacker@evil.example\r\n--EVIL\r\nContent-Type: text/plain\r\n\r\nx\r\n--EVIL--"
        )
        #expect(wrapped.contains("boundary*=''EVIL") && wrapped.contains("--EVIL"))
        try robot.deliver(
            bytes: Array("From: alice@example.org\r\nTo: email@ca.example.org\r\nSubject: add\r\n".utf8)
                + Array(wrapped.utf8)
        )
        // The same without the boundary trick: the HTML-only signed part holds no text, so the mail is
        // unsigned, and the text beside it is the sender's, not the member's.
        let mixed = """
            From: alice@example.org\r
            To: email@ca.example.org\r
            Subject: add\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            --outer\r
            Content-Type: text/plain\r
            \r
            Add: attacker@evil.example\r
            --outer\r
            \(signed)\r
            --outer--\r

            """
        try robot.deliver(bytes: Array(mixed.utf8))
        try robot.runJobs()
        let mail = try robot.newMail()
        // Nothing reached the attacker's address without the member's own confirmation.
        let toAttacker = mail.filter { $0.to.first?.mailbox == "attacker@evil.example" }
        let authorisations = mail.filter { $0.subject?.hasPrefix("Did you ask") == true }
        #expect(toAttacker.count == authorisations.count, "\(mail.map { ($0.to.first?.mailbox, $0.subject) })")
        #expect(try robot.memberJSON("alice@example.org").map { ($0["emails"] as? [Any])?.count } == 1)
        let rows = try robot.requests().filter { $0[1] == "email" }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0[2] != "done" }, "\(rows)")
    }

    @Test func aSignedRequestIsActedOnOnceAndOnlyForItsOwner() throws {
        let robot = try RobotHarness()
        let (_, certificate, key) = try signingMember(robot)
        let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\nAdd: alice@example.net\r\n".utf8)
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        let message = Array("From: alice@example.org\nTo: email@ca.example.org\nSubject: add\n".utf8) + signed
        try robot.deliver(bytes: message)
        try robot.runJobs()
        #expect(try robot.newMail().map { $0.to.first?.mailbox } == ["alice@example.net"])
        // The same signed mail again (a replay) is refused, not acted on.
        try robot.deliver(bytes: message)
        try robot.runJobs()
        let replay = try robot.newMail()
        #expect(
            replay.count == 1 && replay[0].textBody?.contains("already received") == true,
            "\(replay.map(\.textBody))"
        )

        // The very same text signed by another member is that member's own request, not a replay
        // (two assurers may well mail identical assurances of one person).
        let (_, bobsCertificate, bobsKey) = try signingMember(robot, "bob@example.org")
        let bobs = try SignedMessage.sign(content, certificate: bobsCertificate, key: bobsKey)
        try robot.deliver(bytes: Array("From: bob@example.org\nTo: email@ca.example.org\nSubject: add\n".utf8) + bobs)
        try robot.runJobs()
        let answer = try robot.newMail()
        #expect(
            answer.count == 1 && answer[0].textBody?.contains("already received") == false,
            "\(answer.map(\.textBody))"
        )
        #expect(answer.first?.replyTo.first?.mailbox.hasPrefix("verify+") == true, "a probe for Bob's own request")
    }

    @Test func aTransferRevokesTheAddressCertificates() throws {
        let robot = try RobotHarness()
        let (authority, certificate, _) = try signingMember(robot)
        let alice = try #require(try authority.store.member(byEmail: "alice@example.org"))
        try authority.store.addEmail("shared@example.org", member: alice.id)
        try authority.store.verifyEmail("shared@example.org", method: "test")
        let key = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: key,
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["shared@example.org"])
        )
        let shared = try authority.issue(IssuanceRequest(memberID: alice.id, profile: .smimeMailbox, csr: csr))
        try robot.register("bob@example.org", name: "Bob Example")
        let bob = try #require(try authority.store.member(byEmail: "bob@example.org"))
        let revoked = try authority.transferEmail("shared@example.org", to: bob.id, reason: "ruling 7")
        #expect(revoked.map(\.serialHex) == [shared.record.serialHex])
        #expect(revoked.first?.revocationReason == "affiliationChanged")
        // Alice's certificate for her own primary address is untouched.
        let issuer = try authority.record(.issuing(.smime))
        #expect(
            try authority.store.certificate(issuer: issuer.id, serialHex: certificate.serialNumber.hex)?.revokedAt
                == nil
        )

        // A mail signed with the revoked certificate, from the address now Bob's, is unsigned.
        let content = Array("Content-Type: text/plain\r\n\r\nAdd: bob.two@example.org\r\n".utf8)
        let signed = try SignedMessage.sign(content, certificate: shared.certificate, key: key)
        try robot.deliver(
            bytes: Array("From: shared@example.org\nTo: email@ca.example.org\nSubject: a\n".utf8) + signed
        )
        try robot.runJobs()
        #expect(try robot.newMail().allSatisfy { $0.textBody?.contains("not a verified address") == true })
    }

    @Test func oneAuthorisationMailCoversEveryPendingRequest() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        try robot.deliver("From: alice@example.org\nTo: email@ca.example.org\nSubject: a\n\nAdd: alice.a@example.net\n")
        try robot.deliver("From: alice@example.org\nTo: email@ca.example.org\nSubject: b\n\nAdd: alice.b@example.net\n")
        try robot.runJobs()
        let mail = try robot.newMail()
        let authorisations = mail.filter { $0.to.first?.mailbox == "alice@example.org" }
        #expect(authorisations.count == 1)
        let text = try #require(authorisations.first?.textBody)
        #expect(
            text.contains("alice.a@example.net") && text.contains("alice.b@example.net") && text.contains("all of them")
        )
        try robot.reply(to: try #require(authorisations.first), from: "alice@example.org")
        for probe in mail where probe.to.first?.mailbox != "alice@example.org" {
            try robot.reply(to: probe, from: try #require(probe.to.first?.mailbox))
        }
        try robot.runJobs()
        let emails = try #require(try robot.memberJSON("alice@example.org")?["emails"] as? [[String: Any]])
        #expect(emails.count == 3, "\(emails)")
    }

    @Test func strangersGetNothingBackThatTheyWrote() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: victim@example.net\nTo: register@ca.example.org\nSubject: Cheap pills at spam.example\n\nName: Visit spam example now\nDate-Of-Birth: spam.example\n"
        )
        try robot.deliver(
            "From: victim@example.net\nTo: register@ca.example.org\nSubject: Cheap pills at spam.example\n\nName: Visit Spam Example Now\nDate-Of-Birth: 1980-01-01\n"
        )
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(mail.count == 2)
        for message in mail {
            let whole = (message.subject ?? "") + (message.textBody ?? "")
            #expect(!whole.lowercased().contains("spam"), "\(whole)")
        }
    }

    @Test func limitsHoldPerDomainAndForTheWholeRobot() throws {
        let robot = try RobotHarness()
        let config = robot.vouch.data.appendingPathComponent("config.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "domain_mail_per_day = 100", with: "domain_mail_per_day = 3")
        text = text.replacingOccurrences(of: "mail_per_day = 5000", with: "mail_per_day = 5")
        try Data(text.utf8).write(to: config)
        for index in 1...4 {
            try robot.deliver("From: user\(index)@target.example\nTo: info@ca.example.org\nSubject: x\n\nx\n")
        }
        for index in 1...4 {
            try robot.deliver("From: someone\(index)@other\(index).example\nTo: info@ca.example.org\nSubject: x\n\nx\n")
        }
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(mail.filter { $0.to.first?.mailbox.hasSuffix("@target.example") == true }.count == 3)
        #expect(mail.count == 5)
        let unanswered = try robot.requests().filter { $0[3].contains("not answered") }
        #expect(unanswered.contains { $0[3].contains("addresses at target.example") })
        #expect(unanswered.contains { $0[3].contains("its 5 mails for today") })
    }

    @Test func anAddressFieldIsOnePlainAddress() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        for field in [
            "ceo:me@bank.example;", "Boss <me@bank.example>", "me@bank.example, you@bank.example",
            "me@bank.example (hi)",
        ] {
            try robot.deliver("From: alice@example.org\nTo: email@ca.example.org\nSubject: a\n\nAdd: \(field)\n")
        }
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(mail.count == 4 && mail.allSatisfy { $0.textBody?.contains("not one plain email address") == true })
        #expect(!mail.contains { $0.to.first?.mailbox == "me@bank.example" })
    }

    @Test func publicSuffixesAndInternalNamesAreNeverVerified() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let cases = [
            ("co.uk", "public suffix"), ("github.io", "public suffix"), ("printer.local", "reserved"),
            ("intranet", "not a public domain name"), ("x.internal", "reserved"),
        ]
        for (domain, _) in cases {
            try robot.deliver(
                "From: alice@example.org\nTo: domain@ca.example.org\nSubject: d\n\nDomain: \(domain)\nContact: hostmaster\n"
            )
        }
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(mail.count == cases.count)
        for ((domain, reason), message) in zip(cases, mail) {
            #expect(message.textBody?.contains(reason) == true, "\(domain): \(message.textBody ?? "")")
            #expect(message.to.first?.mailbox == "alice@example.org")
        }
    }

    @Test func tokensAreNeverKeptInClear() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: alice@example.org\nTo: register@ca.example.org\nSubject: j\n\nName: Alice Example\nDate-Of-Birth: 1980-04-01\n"
        )
        try robot.runJobs()
        let probe = try #require(try robot.newMail().first)
        let address = try #require(RobotHarness.confirmationAddress(probe))
        let token = String(address.split(separator: "@")[0].dropFirst("verify+".count))
        try robot.reply(to: probe, from: "alice@example.org")
        try robot.runJobs()
        let dump = try ExternalTool.sqlite3.run([robot.vouch.data.appendingPathComponent("vouch.sqlite").path, ".dump"])
        #expect(dump.succeeded && !dump.output.contains(token))
        #expect(!dump.output.lowercased().contains(ProbeToken.code(for: token).lowercased()))
        // Sent mail leaves the outbox once the transport has taken it.
        let cur = robot.vouch.data.appendingPathComponent("mail/outbox/cur")
        let new = robot.vouch.data.appendingPathComponent("mail/outbox/new")
        for name in try FileManager.default.contentsOfDirectory(atPath: new.path) {
            try FileManager.default.moveItem(
                at: new.appendingPathComponent(name),
                to: cur.appendingPathComponent(name + ":2,S")
            )
        }
        try robot.runJobs(["outbound"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: cur.path).isEmpty)
    }

    @Test func anUnreadableInboxFileIsQuarantinedAndTheRestGoesOn() throws {
        let robot = try RobotHarness()
        let inbox = robot.vouch.data.appendingPathComponent("mail/inbox/new")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // A name intake cannot record (it has no unique part), first in line.
        let bad = inbox.appendingPathComponent(" :2,S")
        try Data("From: x@example.org\n\nx\n".utf8).write(to: bad)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1)],
            ofItemAtPath: bad.path
        )
        try robot.deliver("From: curious@example.net\nTo: info@ca.example.org\nSubject: hi\n\nhello\n")
        let run = try robot.runJobs()
        #expect(run.output.contains("1 messages recorded, 1 quarantined"), "\(run.transcript)")
        #expect(try robot.newMail().count == 1)
        let quarantine = robot.vouch.data.appendingPathComponent("mail/quarantine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: quarantine.path) == [" :2,S"])
        let audit = try robot.vouch.run(["audit", "verify"])
        #expect(audit.succeeded)
    }
}
