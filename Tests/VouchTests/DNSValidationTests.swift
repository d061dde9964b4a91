import Foundation
import Mail
import Testing
import VouchTestSupport

/// `domain@` with `Method: dns` and `Method: dns-contact`, and the `dns` job, end to end through
/// `vouch deliver` and `vouch jobs run`, against NSD on 127.0.0.1 and libunbound validating from
/// the test zones' own trust anchor.
@Suite(.serialized) struct DNSValidationTests {
    @Test func aPublishedValueVerifiesTheDomainForTheMemberWhoAsked() throws {
        let server = try TestNameServer(zones: [TestNameServer.Zone("alice.vouchtest", .signed)])
        let robot = try RobotHarness()
        try robot.use(server)
        try robot.register("alice@example.org")
        try robot.askForDomain("Domain: Alice.Vouchtest\nMethod: dns")
        let mails = try robot.newMail()
        #expect(mails.count == 1, "\(mails.map(\.subject))")
        let challenge = try #require(mails.first)
        #expect(challenge.to.map(\.mailbox) == ["alice@example.org"])
        #expect(challenge.textBody?.contains("_vouch-challenge.alice.vouchtest.  IN  TXT") == true)
        let value = try #require(RobotHarness.challengeValue(challenge))
        #expect(value.count == 32)
        // Only the hash is stored.
        #expect(try !robot.sql("SELECT * FROM dns_challenges").contains(value))
        #expect(try !robot.sql("SELECT * FROM audit_log").contains(value))

        // Not published yet: the job waits and backs off.
        let first = try robot.runJobs(["dns"])
        #expect(first.output.contains("dns: 1 waiting"), "\(first.output)")
        let again = try robot.runJobs(["dns"])
        #expect(again.output.contains("dns: no challenges due"), "\(again.output)")
        #expect(try robot.sql("SELECT last_result FROM dns_challenges").contains("no TXT record"))

        try server.publish([TestNameServer.Zone("alice.vouchtest", .signed, ["_vouch-challenge IN TXT \"\(value)\""])])
        let later = Date().addingTimeInterval(600)
        let found = try robot.runJobs(["dns"], now: later)
        #expect(found.output.contains("dns: 1 verified"), "\(found.output)")
        let added = try robot.newMail()
        #expect(added.count == 1 && added.first?.subject?.contains("alice.vouchtest is now on your account") == true)
        let member = try #require(try robot.memberJSON("alice@example.org"))
        let domains = try #require(member["domains"] as? [[String: Any]])
        #expect(domains.first?["name"] as? String == "alice.vouchtest")
        #expect(domains.first?["verified"] != nil)
        #expect(
            try robot.sql("SELECT verification_method, contact FROM domains")
                == "DNS change (TLS BR 3.2.2.4.7)|_vouch-challenge.alice.vouchtest\n"
        )
        #expect(try robot.sql("SELECT last_result FROM dns_challenges").contains("DNSSEC: secure"))
        // The same value cannot verify it twice, nor anything else.
        #expect(try robot.runJobs(["dns"], now: later.addingTimeInterval(86_400)).output.contains("no challenges due"))
    }

    @Test func wrongSeveralLongAndBogusRecordsAreRefusedAndTheBatchGoesOn() throws {
        let zones = ["wrong", "several", "long", "bogus", "good", "slow"]
        let server = try TestNameServer(
            zones: zones.map { TestNameServer.Zone("\($0).vouchtest", $0 == "bogus" ? .brokenSignature : .signed) }
        )
        let robot = try RobotHarness()
        try robot.use(server)
        try robot.register("alice@example.org")
        var values: [String: String] = [:]
        for zone in zones {
            try robot.askForDomain("Domain: \(zone).vouchtest\nMethod: dns")
            let mail = try #require(try robot.newMail().first)
            let value: String = try #require(RobotHarness.challengeValue(mail))
            values[zone] = value
        }
        let good = try #require(values["good"])
        try server.publish([
            TestNameServer.Zone("wrong.vouchtest", .signed, [#"_vouch-challenge IN TXT "not-the-value-we-sent""#]),
            TestNameServer.Zone(
                "several.vouchtest",
                .signed,
                ["_vouch-challenge IN TXT \"\(values["several"]!)\"", #"_vouch-challenge IN TXT "old""#]
            ),
            TestNameServer.Zone(
                "long.vouchtest",
                .signed,
                ["_vouch-challenge IN TXT \"\(values["long"]!)\" \"\(String(repeating: "x", count: 250))\""]
            ),
            TestNameServer.Zone(
                "bogus.vouchtest",
                .brokenSignature,
                ["_vouch-challenge IN TXT \"\(values["bogus"]!)\""]
            ),
            TestNameServer.Zone("good.vouchtest", .unsigned, ["_vouch-challenge IN TXT \"\(good)\""]),
            // slow.vouchtest is not served at all any more: its lookups fail, and it waits.
        ])
        let run = try robot.runJobs(["dns"])
        #expect(run.output.contains("dns: 4 refused, 1 verified, 1 waiting"), "\(run.output)")
        let mails = try robot.newMail()
        func body(_ domain: String) -> String {
            mails.first { $0.subject?.contains(domain) == true }?.textBody ?? ""
        }
        #expect(
            body("wrong.vouchtest").contains(#"holds "not-the-value-we-sent", which is not the value we sent"#),
            "\(body("wrong.vouchtest"))"
        )
        #expect(body("several.vouchtest").contains("has 2 TXT records"), "\(body("several.vouchtest"))")
        #expect(body("long.vouchtest").contains("bytes long"), "\(body("long.vouchtest"))")
        #expect(body("bogus.vouchtest").contains("bogus"), "\(body("bogus.vouchtest"))")
        #expect(body("good.vouchtest").contains("is confirmed"), "\(body("good.vouchtest"))")
        #expect(
            try robot.sql("SELECT last_result FROM dns_challenges WHERE domain = 'good.vouchtest'").contains(
                "DNSSEC: insecure"
            )
        )
        #expect(try robot.sql("SELECT state FROM dns_challenges WHERE domain = 'slow.vouchtest'") == "pending\n")
        let domains = try #require(try robot.memberJSON("alice@example.org")?["domains"] as? [[String: Any]])
        #expect(domains.compactMap { $0["name"] as? String } == ["good.vouchtest"])
    }

    @Test func anUnpublishedChallengeExpiresAfterThirtyDays() throws {
        let server = try TestNameServer(zones: [TestNameServer.Zone("late.vouchtest", .signed)])
        let robot = try RobotHarness()
        try robot.use(server)
        try robot.register("alice@example.org")
        try robot.askForDomain("Domain: late.vouchtest\nMethod: dns")
        _ = try robot.newMail()
        #expect(try robot.runJobs(["dns"]).output.contains("dns: 1 waiting"))
        let expired = try robot.runJobs(["dns"], now: Date().addingTimeInterval(31 * 86_400))
        #expect(expired.output.contains("dns: 1 expired"), "\(expired.output)")
        let mail = try #require(try robot.newMail().first)
        #expect(mail.subject?.contains("late.vouchtest was not confirmed in time") == true)
        #expect(
            mail.textBody?.contains("not found with the value we sent within 30 days") == true,
            "\(mail.textBody ?? "")"
        )
        #expect(mail.textBody?.contains("no TXT record") == true)
    }

    @Test func aResolverThatNeverAnswersTimesOutAndTheChallengeWaits() throws {
        let server = try TestNameServer(zones: [])
        let silent = try SilentNameServer()
        let robot = try RobotHarness()
        try robot.useResolver(silent.address, trustAnchor: server.trustAnchorFile, timeoutSeconds: 1)
        try robot.register("alice@example.org")
        try robot.askForDomain("Domain: one.vouchtest\nMethod: dns")
        try robot.askForDomain("Domain: two.vouchtest\nMethod: dns")
        _ = try robot.newMail()
        let started = Date()
        let run = try robot.runJobs(["dns"])
        #expect(run.output.contains("dns: 2 waiting"), "\(run.output)")
        #expect(Date().timeIntervalSince(started) < 10)
        let results = try robot.sql("SELECT last_result FROM dns_challenges")
        #expect(results.contains("had no answer within 1 seconds"), "\(results)")
        // The contact lookup fails closed and says why.
        try robot.askForDomain("Domain: three.vouchtest\nMethod: dns-contact")
        let refusal = try #require(try robot.newMail().first)
        #expect(refusal.textBody?.contains("had no answer within 1 seconds") == true, "\(refusal.textBody ?? "")")
    }

    @Test func aContactPublishedInDNSGetsTheProbe() throws {
        let server = try TestNameServer(zones: [
            TestNameServer.Zone(
                "contact.vouchtest",
                .signed,
                [#"_validation-contactemail IN TXT "DNS-Admin@Contact.Vouchtest""#]
            )
        ])
        let robot = try RobotHarness()
        try robot.use(server)
        try robot.register("alice@example.org")
        try robot.askForDomain("Domain: contact.vouchtest\nMethod: dns-contact")
        let probes = try robot.newMail()
        let control = try #require(
            probes.first { $0.to.first?.mailbox == "dns-admin@contact.vouchtest" },
            "\(probes.map(\.to))"
        )
        #expect(control.textBody?.contains("_validation-contactemail.contact.vouchtest") == true)
        let authorise = try #require(probes.first { $0.to.first?.mailbox == "alice@example.org" })
        try robot.reply(to: control, from: "dns-admin@contact.vouchtest")
        try robot.reply(to: authorise, from: "alice@example.org")
        try robot.runJobs()
        let domains = try #require(try robot.memberJSON("alice@example.org")?["domains"] as? [[String: Any]])
        #expect(domains.first?["name"] as? String == "contact.vouchtest")
        #expect(domains.first?["verified"] != nil)
        #expect(
            try robot.sql("SELECT verification_method, contact FROM domains")
                == "email to DNS TXT contact (TLS BR 3.2.2.4.14)|dns-admin@contact.vouchtest\n"
        )
    }

    @Test func badContactRecordsAreAnsweredWithTheReason() throws {
        let server = try TestNameServer(zones: [
            TestNameServer.Zone("none.vouchtest", .signed),
            TestNameServer.Zone(
                "notanaddress.vouchtest",
                .signed,
                [#"_validation-contactemail IN TXT "call us on 555-1234""#]
            ),
            TestNameServer.Zone(
                "two.vouchtest",
                .signed,
                [
                    #"_validation-contactemail IN TXT "a@two.vouchtest""#,
                    #"_validation-contactemail IN TXT "b@two.vouchtest""#,
                ]
            ),
            TestNameServer.Zone(
                "list.vouchtest",
                .unsigned,
                [#"_validation-contactemail IN TXT "a@list.vouchtest, b@list.vouchtest""#]
            ),
            TestNameServer.Zone(
                "forged.vouchtest",
                .brokenSignature,
                [#"_validation-contactemail IN TXT "evil@forged.vouchtest""#]
            ),
        ])
        let robot = try RobotHarness()
        try robot.use(server)
        try robot.register("alice@example.org")
        for (domain, reason) in [
            ("none.vouchtest", "has no TXT record"),
            ("notanaddress.vouchtest", "is not an email address"),
            ("two.vouchtest", "has 2 TXT records"),
            ("list.vouchtest", "names several addresses"),
            ("forged.vouchtest", "bogus"),
        ] {
            try robot.askForDomain("Domain: \(domain)\nMethod: dns-contact")
            let replies = try robot.newMail()
            #expect(replies.count == 1, "\(domain): \(replies.map(\.to))")
            #expect(replies.first?.textBody?.contains(reason) == true, "\(domain): \(replies.first?.textBody ?? "")")
        }
        try robot.askForDomain("Domain: none.vouchtest\nMethod: carrier-pigeon")
        #expect(try robot.newMail().first?.textBody?.contains("'Method: carrier-pigeon' is not a method") == true)
    }
}
