import Foundation
import Jobs
import Mail
import Testing
import VouchTestSupport

/// A CA on a temporary data directory, driven only as members and cron would: `vouch deliver`,
/// `vouch jobs run`, and the outbox.
final class RobotHarness {
    static let passphrase = "mail robot test passphrase"
    let directory: TemporaryDirectory
    let vouch: VouchCLI
    private var seen = Set<String>()

    init() throws {
        directory = try TemporaryDirectory("vouch-robot")
        vouch = VouchCLI(
            data: directory.file("var"),
            environment: [
                "VOUCH_PASSPHRASE": Self.passphrase, "VOUCH_ROOT_PASSPHRASE": "mail robot test root passphrase",
            ]
        )
        let created = try vouch.run([
            "init", "--name", "Robot Test", "--mail-domain", "ca.example.org", "--base-url", "https://ca.example.org",
            "--root-key", "p384", "--site", directory.file("site").path,
        ])
        #expect(created.succeeded, "\(created.transcript)")
    }

    /// Delivers a message, written with LF line ends as an MTA would hand it over.
    func deliver(_ text: String) throws {
        let result = try vouch.run(["deliver"], input: Array(text.utf8))
        #expect(result.succeeded, "\(result.transcript)")
    }

    func deliver(bytes: [UInt8]) throws {
        let result = try vouch.run(["deliver"], input: bytes)
        #expect(result.succeeded, "\(result.transcript)")
    }

    @discardableResult
    func runJobs(_ jobs: [String] = ["intake", "requests", "expire"], now: Date? = nil) throws -> ExternalTool.Result {
        var arguments = ["jobs", "run", "--verbose"] + jobs
        if let now { arguments += ["--now", ISO8601DateFormatter().string(from: now)] }
        let result = try vouch.run(arguments)
        #expect(result.succeeded, "\(result.transcript)")
        return result
    }

    /// Messages that appeared in the outbox since the last call, parsed.
    func newMail() throws -> [MailMessage] {
        let outbox = vouch.data.appendingPathComponent("mail/outbox/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        var messages: [MailMessage] = []
        for name in names.sorted() where !seen.contains(name) {
            seen.insert(name)
            messages.append(try MIMEParser.parse(Array(try Data(contentsOf: outbox.appendingPathComponent(name)))))
        }
        return messages
    }

    /// The `verify+TOKEN@` address of a probe.
    static func confirmationAddress(_ message: MailMessage) -> String? {
        message.replyTo.first?.mailbox
    }

    /// Replies to a probe from `sender`.
    /// Replies to a probe from `sender`, with the confirmation code in the reply's own text (or, with
    /// `withCode` false, only quoting the probe, as an auto-responder might).
    func reply(to probe: MailMessage, from sender: String, extraHeaders: String = "", withCode: Bool = true) throws {
        let address = try #require(Self.confirmationAddress(probe))
        let token = String(address.split(separator: "@")[0].dropFirst("verify+".count))
        let quoted = (probe.textBody ?? "").split(separator: "\n").map { "> \($0)" }.joined(separator: "\n")
        let text = withCode ? "Yes, that was me: \(ProbeToken.code(for: token))\n\n\(quoted)\n" : "\(quoted)\n"
        try deliver("From: \(sender)\nTo: \(address)\n\(extraHeaders)Subject: Re: \(probe.subject ?? "")\n\n\(text)")
    }

    func requests() throws -> [[String]] {
        let result = try ExternalTool.sqlite3.run([
            "-separator", "|", vouch.data.appendingPathComponent("vouch.sqlite").path,
            "SELECT id, kind, state, result FROM requests ORDER BY id",
        ])
        return result.output.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func memberJSON(_ email: String) throws -> [String: Any]? {
        let shown = try vouch.run(["member", "show", email, "--json"])
        guard shown.succeeded else { return nil }
        return try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any]
    }

    /// Registers `email` and confirms it, as a new member would.
    func register(_ email: String, name: String = "Alice Example", birth: String = "1980-04-01") throws {
        try deliver(
            "From: \"\(name)\" <\(email)>\nTo: register@ca.example.org\nSubject: join\n\nName: \(name)\nDate-Of-Birth: \(birth)\n"
        )
        try runJobs()
        let probe = try #require(try newMail().first { $0.to.first?.mailbox == email })
        try reply(to: probe, from: email)
        try runJobs()
        _ = try newMail()
    }
}

@Suite(.serialized) struct MailRobotTests {
    @Test func registerThenConfirmCreatesAVerifiedMember() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: Alice <alice@example.org>\nTo: register@ca.example.org\nMessage-ID: <r1@example.org>\nSubject: join\n\nName: Alice Example\nDate-Of-Birth: 1980-04-01\n"
        )
        try robot.runJobs()
        let probes = try robot.newMail()
        #expect(probes.count == 1)
        let probe = try #require(probes.first)
        #expect(probe.to.map(\.mailbox) == ["alice@example.org"])
        #expect(probe.header("Auto-Submitted") == "auto-replied")
        // The sender is not yet anyone: nothing they chose, not even their Message-ID, is echoed.
        #expect(probe.inReplyTo == nil)
        #expect(probe.textBody?.contains("Alice Example") == false)
        #expect(probe.header("Content-Type")?.contains("charset=utf-8") == true)
        let confirmation = try #require(RobotHarness.confirmationAddress(probe))
        let token = String(confirmation.split(separator: "@")[0].dropFirst("verify+".count))
        #expect(token.count == 26 && token == token.lowercased())
        #expect(try robot.memberJSON("alice@example.org") == nil)

        // The token is stored hashed, never as it was sent.
        let stored = try ExternalTool.sqlite3.run([
            robot.vouch.data.appendingPathComponent("vouch.sqlite").path, "SELECT token_sha256 FROM probes",
        ])
        #expect(!stored.output.contains(token))

        // A reply without the code (an auto-responder that quotes nothing) confirms nothing and does
        // not spend the token; neither does a reply from another address.
        try robot.deliver("From: alice@example.org\nTo: \(confirmation)\nSubject: Re\n\nyes\n")
        try robot.deliver(
            "From: mallory@example.net\nTo: \(confirmation)\nSubject: Re\n\n\(ProbeToken.code(for: token))\n"
        )
        try robot.runJobs()
        let refusals = try robot.newMail()
        #expect(refusals.contains { $0.textBody?.contains("does not carry the confirmation code") == true })
        #expect(refusals.contains { $0.textBody?.contains("must come from the address") == true })
        #expect(try robot.memberJSON("alice@example.org") == nil)

        // Mail systems may fold the address's case: the upper-case reply still confirms.
        try robot.deliver(
            "From: alice@example.org\nTo: \(confirmation.uppercased())\nSubject: Re\n\nyes \(ProbeToken.code(for: token))\n"
        )
        try robot.runJobs()
        let welcome = try robot.newMail()
        #expect(welcome.count == 1)
        #expect(welcome.first?.subject?.contains("Welcome") == true)
        let member = try #require(try robot.memberJSON("alice@example.org"))
        #expect(member["name"] as? String == "Alice Example")
        let emails = member["emails"] as? [[String: Any]]
        #expect(emails?.first?["verified"] != nil)
    }

    @Test func secondAddressNeedsBothConfirmations() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        try robot.deliver(
            "From: alice@example.org\nTo: email@ca.example.org\nSubject: add\n\nAdd: Alice.Work@Example.NET\n"
        )
        try robot.runJobs()
        let probes = try robot.newMail()
        #expect(Set(probes.flatMap { $0.to.map(\.mailbox) }) == ["alice.work@example.net", "alice@example.org"])
        // The request waits, saying where its confirmation went (one state change, with its payload).
        let waiting = try #require(try robot.requests().last)
        #expect(waiting[1] == "email" && waiting[2] == "waiting-confirmation", "\(waiting)")
        #expect(waiting[3] == "confirmation sent to alice.work@example.net", "\(waiting)")
        let control = try #require(probes.first { $0.to.first?.mailbox == "alice.work@example.net" })
        let authorise = try #require(probes.first { $0.to.first?.mailbox == "alice@example.org" })
        try robot.reply(to: control, from: "alice.work@example.net")
        try robot.runJobs()
        let emailsBefore = try #require(try robot.memberJSON("alice@example.org"))["emails"] as? [Any]
        #expect(emailsBefore?.count == 1)
        try robot.reply(to: authorise, from: "alice@example.org")
        try robot.runJobs()
        let done = try robot.newMail()
        #expect(done.contains { $0.subject?.contains("alice.work@example.net") == true })
        let emails = try #require(try robot.memberJSON("alice@example.org"))["emails"] as? [[String: Any]]
        #expect(
            emails?.compactMap { $0["name"] as? String }.sorted() == ["alice.work@example.net", "alice@example.org"]
        )
    }

    @Test func domainThroughHostmaster() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        try robot.deliver(
            "From: alice@example.org\nTo: domain@ca.example.org\nSubject: domain\n\nDomain: Bücher.Example.ORG\nContact: hostmaster\n"
        )
        try robot.runJobs()
        let probes = try robot.newMail()
        let control = try #require(probes.first { $0.to.first?.mailbox == "hostmaster@xn--bcher-kva.example.org" })
        let authorise = try #require(probes.first { $0.to.first?.mailbox == "alice@example.org" })
        try robot.reply(to: control, from: "hostmaster@xn--bcher-kva.example.org")
        try robot.reply(to: authorise, from: "alice@example.org")
        try robot.runJobs()
        let domains = try #require(try robot.memberJSON("alice@example.org"))["domains"] as? [[String: Any]]
        #expect(domains?.first?["name"] as? String == "xn--bcher-kva.example.org")
        #expect(domains?.first?["verified"] != nil)
    }

    @Test func badDomainRequestsAreAnsweredWithTheReason() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        for (body, reason) in [
            ("Domain: example.org\nContact: ceo", "Contact:"),
            ("Domain: pаypal.com\nContact: admin", "mixes writing systems"),
            ("Domain: localhost\nContact: admin", "not a public domain"),
        ] {
            try robot.deliver("From: alice@example.org\nTo: domain@ca.example.org\nSubject: d\n\n\(body)\n")
            try robot.runJobs()
            let replies = try robot.newMail()
            #expect(replies.count == 1)
            #expect(replies.first?.textBody?.contains(reason) == true, "\(replies.first?.textBody ?? "")")
        }
    }

    @Test func expiredAndReusedTokensAreRefused() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: bob@example.org\nTo: register@ca.example.org\nSubject: join\n\nName: Bob\nDate-Of-Birth: 1970-01-01\n"
        )
        try robot.runJobs()
        let probe = try #require(try robot.newMail().first)
        try robot.reply(to: probe, from: "bob@example.org")
        try robot.runJobs(now: Date().addingTimeInterval(25 * 3_600))
        let expired = try robot.newMail()
        #expect(expired.first?.textBody?.contains("expired") == true, "\(expired.first?.textBody ?? "")")
        #expect(try robot.memberJSON("bob@example.org") == nil)
        // The waiting request lapses after 48 hours.
        try robot.runJobs(["expire"], now: Date().addingTimeInterval(49 * 3_600))
        #expect(try robot.requests().first?[2] == "expired")

        // A fresh registration, confirmed once, then the same reply again.
        try robot.deliver(
            "From: carol@example.org\nTo: register@ca.example.org\nSubject: join\n\nName: Carol\nDate-Of-Birth: 1990-02-02\n"
        )
        try robot.runJobs()
        let second = try #require(try robot.newMail().first)
        try robot.reply(to: second, from: "carol@example.org")
        try robot.runJobs()
        _ = try robot.newMail()
        try robot.reply(to: second, from: "carol@example.org")
        try robot.runJobs()
        let again = try robot.newMail()
        #expect(again.first?.textBody?.contains("already used") == true, "\(again.first?.textBody ?? "")")

        // A forged token is refused and recorded.
        try robot.deliver(
            "From: mallory@example.net\nTo: verify+aaaaaaaaaaaaaaaaaaaaaaaaaa@ca.example.org\nSubject: x\n\nx\n"
        )
        try robot.runJobs()
        #expect(try robot.newMail().first?.textBody?.contains("not one we sent") == true)
        #expect(try robot.requests().last?[2] == "rejected")
    }

    @Test func probesToOneAddressAreRateLimited() throws {
        let robot = try RobotHarness()
        for attempt in 1...4 {
            try robot.deliver(
                "From: victim@example.net\nTo: register@ca.example.org\nSubject: \(attempt)\n\nName: Someone\nDate-Of-Birth: 1980-01-01\n"
            )
        }
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(mail.count == 4)
        #expect(mail.filter { $0.replyTo.first?.mailbox.hasPrefix("verify+") == true }.count == 3)
        #expect(mail.contains { $0.textBody?.contains("try again tomorrow") == true })
        let probeCount = try ExternalTool.sqlite3.run([
            robot.vouch.data.appendingPathComponent("vouch.sqlite").path, "SELECT count(*) FROM probes",
        ])
        #expect(probeCount.output.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test func automatedMailGetsNoAnswer() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: alice@example.org\nTo: register@ca.example.org\nAuto-Submitted: auto-replied\nSubject: Out of office\n\nI am away.\n"
        )
        try robot.deliver(
            "From: MAILER-DAEMON@example.org\nTo: status@ca.example.org\nSubject: Undelivered\n\nbounce\n"
        )
        try robot.deliver("Return-Path: <>\nFrom: someone@example.org\nTo: email@ca.example.org\nSubject: x\n\nx\n")
        try robot.deliver(
            "From: list@example.org\nTo: help@ca.example.org\nList-Id: <talk.example.org>\nSubject: x\n\nx\n"
        )
        try robot.runJobs()
        #expect(try robot.newMail().isEmpty)
        #expect(try robot.requests().allSatisfy { $0[2] == "rejected" && $0[3].contains("automated") })
    }

    @Test func statusGivesAFreshLinkAndRetiresTheOld() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        try robot.runJobs(["site"])
        let site = robot.directory.file("site/members")
        // members/index.html is the blank page that keeps the folder from being listed.
        let before = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0 != "index.html" }
        #expect(before.count == 1)
        try robot.deliver("From: alice@example.org\nTo: status@ca.example.org\nSubject: link\n\n")
        try robot.runJobs(["intake", "requests", "site"])
        let reply = try #require(try robot.newMail().first)
        // Both pages exist: the old link keeps working until the member retires it.
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0 != "index.html" })
        #expect(after.count == 2 && after.isSuperset(of: before))
        let fresh = try #require(after.subtracting(before).first)
        #expect(reply.textBody?.contains("members/\(fresh)") == true)
        #expect(reply.to.map(\.mailbox) == ["alice@example.org"])
        try robot.reply(to: reply, from: "alice@example.org")
        try robot.runJobs(["intake", "requests", "site"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0 != "index.html" } == [fresh])
        #expect(try robot.newMail().first?.subject?.contains("old status link is retired") == true)

        // Someone who is not a member gets told how to register.
        try robot.deliver("From: stranger@example.net\nTo: status@ca.example.org\nSubject: link\n\n")
        try robot.runJobs()
        #expect(try robot.newMail().first?.textBody?.contains("register@ca.example.org") == true)
    }

    @Test func oneSenderGetsABoundedNumberOfAnswers() throws {
        // A forged sender must not turn the robot into a source of unwanted mail.
        let robot = try RobotHarness()
        for index in 1...12 {
            try robot.deliver("From: victim@example.net\nTo: info@ca.example.org\nSubject: \(index)\n\nhello\n")
        }
        try robot.runJobs()
        #expect(try robot.newMail().count == 10)
        let unanswered = try robot.requests().filter { $0[3].contains("not answered") }
        #expect(unanswered.count == 2)
        #expect(unanswered.first?[3].contains("has had 10 mails from us in 24 hours") == true)
        // Every +tag spelling is the same mailbox, and counts against the same limit.
        try robot.deliver("From: victim+other@example.net\nTo: info@ca.example.org\nSubject: 13\n\nhello\n")
        try robot.deliver("From: VICTIM+x@Example.NET\nTo: register@ca.example.org\nSubject: 14\n\nName: V\n")
        try robot.runJobs()
        #expect(try robot.newMail().isEmpty)
    }

    @Test func statusLinksRotateAtMostThreeTimesADay() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        for _ in 1...5 {
            try robot.deliver("From: alice@example.org\nTo: status@ca.example.org\nSubject: link\n\n")
        }
        try robot.runJobs()
        let replies = try robot.newMail()
        #expect(replies.count == 5)
        let links = replies.compactMap { $0.textBody?.split(separator: "\n").first { $0.contains("/members/") } }
        #expect(links.count == 3)
        // A rotation pending (not yet confirmed) is not rotated again: the same new link each time.
        #expect(Set(links).count == 1)
        #expect(replies.filter { $0.textBody?.contains("the link you have stays valid") == true }.count == 2)
    }

    @Test func aCrashBeforeTheMoveToCurRecordsNothingTwice() throws {
        // As if intake died after committing the request row but before moving the file: the
        // message is back in new/, and the next run must recognise it.
        let robot = try RobotHarness()
        try robot.deliver(
            "From: alice@example.org\nTo: register@ca.example.org\nSubject: join\n\nName: A\nDate-Of-Birth: 1980-01-01\n"
        )
        try robot.runJobs(["intake"])
        let inbox = robot.vouch.data.appendingPathComponent("mail/inbox")
        let processed = try #require(
            try FileManager.default.contentsOfDirectory(atPath: inbox.appendingPathComponent("cur").path).first
        )
        let unique = String(processed.split(separator: ":")[0])
        try FileManager.default.moveItem(
            at: inbox.appendingPathComponent("cur/\(processed)"),
            to: inbox.appendingPathComponent("new/\(unique)")
        )
        let rerun = try robot.runJobs()
        #expect(rerun.output.contains("intake: 0 messages recorded"), "\(rerun.transcript)")
        #expect(try robot.requests().count == 1)
        #expect(try robot.newMail().count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.appendingPathComponent("new").path).isEmpty)
    }

    @Test func memberTextIsEscapedOnTheStatusPage() throws {
        let robot = try RobotHarness()
        // A name with markup is refused at registration, with the reason.
        try robot.deliver(
            "From: mallory@example.org\nTo: register@ca.example.org\nSubject: x\n\nName: <script>alert(1)</script>\nDate-Of-Birth: 1980-04-01\n"
        )
        try robot.runJobs()
        #expect(try robot.newMail().first?.textBody?.contains("may hold only letters") == true)
        // What a name may hold is escaped all the same.
        try robot.register("mallory@example.org", name: "Mallory O'Reilly-Smith")
        try robot.runJobs(["site"])
        let members = robot.directory.file("site/members")
        let page = try String(
            contentsOf: members.appendingPathComponent(
                try #require(
                    try FileManager.default.contentsOfDirectory(atPath: members.path).first { $0 != "index.html" }
                )
            ),
            encoding: .utf8
        )
        #expect(page.contains("Mallory O&#39;Reilly-Smith") || page.contains("Mallory O&#x27;Reilly-Smith"))
        #expect(!page.contains("1980-04-01"))
    }

    @Test func unknownAddressesGetHelp() throws {
        let robot = try RobotHarness()
        try robot.deliver("From: curious@example.net\nTo: info@ca.example.org\nSubject: hello?\n\nWhat is this?\n")
        try robot.runJobs()
        let help = try #require(try robot.newMail().first)
        #expect(help.textBody?.contains("register@ca.example.org") == true)
        // The sender is a stranger: the subject they chose is not echoed back.
        #expect(help.subject?.contains("hello?") == false)
    }
}
