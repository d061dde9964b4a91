import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority

/// Which robot template wrote a mail, told by its subject: each template's `Subject:` line as a
/// pattern, its values and sections matching anything.
struct MailTemplateSubjects: Sendable {
    let patterns: [(name: String, pattern: String)]

    init(locale: String?) throws {
        let folder = RepositoryPaths.root.appendingPathComponent(
            "Templates/" + (locale.map { "\($0)/" } ?? "") + "mail"
        )
        var patterns: [(String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Subject: ") })
            var pattern = "^"
            var rest = Substring(line.dropFirst("Subject: ".count))
            var depth = 0
            while !rest.isEmpty {
                if rest.hasPrefix("{{"), let close = rest.range(of: "}}") {
                    let tag = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
                    if tag.hasPrefix("#") || tag.hasPrefix("^") {
                        if depth == 0 { pattern += ".*" }
                        depth += 1
                    } else if tag.hasPrefix("/") {
                        depth -= 1
                    } else if depth == 0 {
                        pattern += ".*"
                    }
                    rest = rest[close.upperBound...]
                    continue
                }
                if depth == 0 { pattern += NSRegularExpression.escapedPattern(for: String(rest.first!)) }
                rest = rest.dropFirst()
            }
            patterns.append((String(file.dropLast(".mustache".count)), pattern + "$"))
        }
        self.patterns = patterns
    }

    /// The templates whose subject the mail's subject fits.
    func templates(of mail: MailMessage) -> [String] {
        let subject = mail.subject ?? ""
        return patterns.filter { entry in
            (try? Regex(entry.pattern)).map { subject.wholeMatch(of: $0) != nil } ?? false
        }.map(\.name)
    }
}

extension RobotHarness {
    static let german = try! MailTemplateSubjects(locale: "de")
    static let english = try! MailTemplateSubjects(locale: nil)

    /// Asserts that every mail is German, by its header, its words and its template; returns the
    /// templates that wrote them.
    @discardableResult
    func expectGerman(_ mail: [MailMessage]) -> [String] {
        // No mail would pass every check below: an answer that never came is a failure.
        #expect(!mail.isEmpty, "no mail to check")
        var seen: [String] = []
        for message in mail {
            let body = message.textBody ?? ""
            let german = Self.german.templates(of: message)
            #expect(message.header("Content-Language") == "de", "\(message.subject ?? "")")
            #expect(body.contains("Der Robot von Robot Test"), "\(message.subject ?? ""): \(body)")
            #expect(!body.contains("The Robot Test robot") && !body.contains("Hello"), "\(body)")
            // Not even the robot's reasons are left in English.
            #expect(!body.contains(" the ") && !body.contains(" is not "), "\(body)")
            #expect(german.count == 1, "'\(message.subject ?? "")' is no German template's subject")
            #expect(Self.english.templates(of: message).isEmpty, "'\(message.subject ?? "")' is English")
            #expect(message.from?.displayName == "Robot Test-Robot", "\(String(describing: message.from))")
            seen += german
        }
        return seen
    }

    func expectEnglish(_ mail: [MailMessage]) {
        #expect(!mail.isEmpty, "no mail to check")
        for message in mail {
            #expect(message.header("Content-Language") == "en", "\(message.subject ?? "")")
            #expect(Self.english.templates(of: message).count == 1, "'\(message.subject ?? "")' is not English")
            #expect((message.textBody ?? "").contains("The Robot Test robot"))
        }
    }

    func memberLanguage(_ email: String) throws -> String? {
        try memberJSON(email)?["language"] as? String
    }
}

@Suite(.serialized) struct LanguageTests {
    /// A member who registers with `Language: de` gets every later mail in German: the probe, the
    /// welcome, help, status, probes to new addresses and their authorisation, a rejection, the
    /// certificate, the Assurer Challenge, an expiry notice; the status page is German too.
    @Test func aMemberWhoAsksForGermanGetsEveryMailInGerman() throws {
        let robot = try RobotHarness()
        var templates: Set<String> = []
        try robot.deliver(
            "From: Anna <anna@example.org>\nTo: register@ca.example.org\nSubject: join\n\n"
                + "Name: Anna Beispiel\nDate-Of-Birth: 1980-04-01\nLanguage: de\n"
        )
        try robot.runJobs()
        let probe = try robot.newMail()
        templates.formUnion(robot.expectGerman(probe))
        try robot.reply(to: try #require(probe.first), from: "anna@example.org")
        try robot.runJobs()
        templates.formUnion(robot.expectGerman(try robot.newMail()))
        #expect(try robot.memberLanguage("anna@example.org") == "de")
        let shown = try robot.vouch.run(["member", "show", "anna@example.org"])
        #expect(shown.output.contains("\nlanguage: de\n"), "\(shown.transcript)")

        for (to, body) in [
            ("help@ca.example.org", ""), ("status@ca.example.org", ""),
            ("email@ca.example.org", "Add: anna@work.example"),
            ("revoke@ca.example.org", "Serial: 00\nReason: superseded"), ("challenge@ca.example.org", ""),
        ] {
            try robot.deliver("From: anna@example.org\nTo: \(to)\nSubject: request\n\n\(body)\n")
            try robot.runJobs()
            let answers = try robot.newMail()
            #expect(!answers.isEmpty, "no answer from \(to)")
            templates.formUnion(robot.expectGerman(answers))
        }

        let files = try TemporaryDirectory("vouch-language")
        let request = try MemberRequest.make(in: files, names: "email:anna@example.org")
        try robot.deliver(
            "From: anna@example.org\nTo: csr@ca.example.org\nSubject: csr\n\nProfile: smime\n\n\(request.pem)"
        )
        try robot.runJobs(RobotHarness.issuingJobs)
        let authorisation = try robot.newMail()
        templates.formUnion(robot.expectGerman(authorisation))
        #expect(
            authorisation.first?.textBody?.contains("S/MIME-Zertifikat") == true,
            "\(authorisation.first?.textBody ?? "")"
        )
        try robot.reply(to: try #require(authorisation.first), from: "anna@example.org")
        try robot.runJobs(RobotHarness.issuingJobs)
        let issued = try robot.newMail()
        templates.formUnion(robot.expectGerman(issued))
        let certificate = try #require(issued.first { !$0.attachments.isEmpty })
        let serial = try #require(try robot.authority().store.certificates(forMember: 1).first?.serialHex)
        let record = try #require(try robot.authority().certificateReport(serialHex: serial))
        let notAfter = try #require(ISO8601DateFormatter().date(from: record.notAfter))
        #expect(certificate.subject?.contains(serial) == true)
        try robot.runJobs(["notices"], now: notAfter.addingTimeInterval(-2 * 86_400))
        templates.formUnion(robot.expectGerman(try robot.newMail()))

        #expect(
            templates.isSuperset(of: [
                "probe-register", "welcome", "help", "status", "probe-email", "probe-authorise", "rejected",
                "certificate", "expiry-notice",
            ]),
            "\(templates.sorted())"
        )
        #expect(templates.contains("challenge") || templates.contains("rejected"))

        // The status page: German, and its links lead into the German site.
        let built = try robot.vouch.run(["site", "build"])
        #expect(built.succeeded, "\(built.transcript)")
        let member = try #require(try robot.authority().store.member(byEmail: "anna@example.org"))
        let page = try String(
            contentsOf: robot.directory.file("site/members/\(member.statusPageID).html"),
            encoding: .utf8
        )
        #expect(page.contains("<html lang=\"de\">"))
        #expect(page.contains("href=\"../de/help/csr.html\""), "\(page)")
        #expect(!page.contains("Your status") && !page.contains("What you can do next"))

        // `Language: en` in any request changes it back: this very answer is English.
        try robot.deliver("From: anna@example.org\nTo: status@ca.example.org\nSubject: s\n\nLanguage: en\n")
        try robot.runJobs()
        robot.expectEnglish(try robot.newMail())
        #expect(try robot.memberLanguage("anna@example.org") == "en")
        let audit = try ExternalTool.sqlite3.run([
            robot.vouch.data.appendingPathComponent("vouch.sqlite").path,
            "SELECT action, details FROM audit_log WHERE action IN ('member.add', 'member.language') ORDER BY seq",
        ])
        // The language the registration asked for is part of the member's creation; the change is a row of its own.
        let rows = audit.output.split(separator: "\n")
        #expect(rows.count == 2, "\(audit.transcript)")
        #expect(rows.first?.hasPrefix("member.add|") == true && rows.first?.contains("\"language\":\"de\"") == true)
        #expect(rows.last?.hasPrefix("member.language|") == true && rows.last?.contains("\"en\"") == true)
    }

    @Test func registrationGuessesTheLanguageFromTheHeaders() throws {
        let robot = try RobotHarness()
        // Accept-Language by weight: German is the most wanted the CA speaks.
        try robot.deliver(
            "From: bernd@example.org\nTo: register@ca.example.org\nAccept-Language: fr;q=0.9, de-DE, en;q=0.5\n"
                + "Subject: join\n\nName: Bernd Beispiel\nDate-Of-Birth: 1980-04-01\n"
        )
        // Content-Language: the language the sender wrote in.
        try robot.deliver(
            "From: clara@example.org\nTo: register@ca.example.org\nContent-Language: de-AT\n"
                + "Subject: join\n\nName: Clara Beispiel\nDate-Of-Birth: 1980-04-01\n"
        )
        // Nothing the CA speaks: the default, English.
        try robot.deliver(
            "From: dora@example.org\nTo: register@ca.example.org\nAccept-Language: fr, it;q=0.8\n"
                + "Subject: join\n\nName: Dora Example\nDate-Of-Birth: 1980-04-01\n"
        )
        try robot.runJobs()
        let probes = try robot.newMail()
        let byRecipient = Dictionary(grouping: probes) { $0.to.first?.mailbox ?? "" }
        robot.expectGerman(byRecipient["bernd@example.org"] ?? [])
        robot.expectGerman(byRecipient["clara@example.org"] ?? [])
        robot.expectEnglish(byRecipient["dora@example.org"] ?? [])
        #expect(probes.count == 3)
        for address in ["bernd@example.org", "dora@example.org"] {
            try robot.reply(to: try #require(byRecipient[address]?.first), from: address)
        }
        try robot.runJobs()
        let welcomes = try robot.newMail()
        robot.expectGerman(welcomes.filter { $0.to.first?.mailbox == "bernd@example.org" })
        robot.expectEnglish(welcomes.filter { $0.to.first?.mailbox == "dora@example.org" })
        #expect(try robot.memberLanguage("bernd@example.org") == "de")
        #expect(try robot.memberLanguage("dora@example.org") == nil)

        // Headers never change a member's language: only a Language line does.
        try robot.deliver("From: bernd@example.org\nTo: status@ca.example.org\nAccept-Language: en\nSubject: s\n\n")
        try robot.runJobs()
        robot.expectGerman(try robot.newMail())
    }

    /// The reasons of a refusal are the robot's own words: in German too, with what the member wrote
    /// kept as it was.
    @Test func refusalsGiveTheirReasonInGerman() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: fritz@example.org\nTo: register@ca.example.org\nSubject: join\n\nDate-Of-Birth: 1980-04-01\nLanguage: de\n"
        )
        try robot.deliver(
            "From: greta@example.org\nTo: register@ca.example.org\nSubject: join\n\n"
                + "Name: Greta Beispiel\nDate-Of-Birth: 1850-01-01\nLanguage: de\n"
        )
        try robot.runJobs()
        let answers = Dictionary(grouping: try robot.newMail()) { $0.to.first?.mailbox ?? "" }
        robot.expectGerman(answers.values.flatMap { $0 })
        #expect(
            answers["fritz@example.org"]?.first?.textBody?.contains(
                "schreiben Sie Ihren Namen wie in Ihrem Ausweisdokument in eine Zeile 'Name: …'"
            ) == true,
            "\(answers["fritz@example.org"]?.first?.textBody ?? "")"
        )
        #expect(
            answers["greta@example.org"]?.first?.textBody?.contains("das Geburtsdatum kann nicht stimmen") == true,
            "\(answers["greta@example.org"]?.first?.textBody ?? "")"
        )

        try robot.register("hanna@example.org", name: "Hanna Beispiel")
        try robot.deliver("From: hanna@example.org\nTo: revoke@ca.example.org\nSubject: r\n\nLanguage: de\n")
        try robot.runJobs()
        let refused = try robot.newMail()
        robot.expectGerman(refused)
        #expect(refused.first?.textBody?.contains("schreiben Sie die Seriennummer des Zertifikats") == true)
    }

    /// The Assurer Challenge in German: the German bank's questions, graded by the same answers,
    /// and the sections to read again on the German site.
    @Test func theAssurerChallengeInGerman() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("ida@example.org", name: "Ida Beispiel", experience: 0, passedChallenge: false)
        try robot.deliver("From: ida@example.org\nTo: challenge@ca.example.org\nSubject: c\n\nLanguage: de\n")
        try robot.runJobs()
        let challenges = try robot.newMail()
        robot.expectGerman(challenges)
        let challenge = try #require(challenges.first)
        let key = try robot.answerKey(challenge, locale: "de")
        #expect(key.count == 25)
        // All wrong but the first: not passed, and every topic missed links into /de/.
        let wrong = key.enumerated().map { index, letter in
            "\(index + 1): \(index == 0 ? letter : (letter == "a" ? "b" : "a"))"
        }
        let result = try #require(try robot.answer(challenge, from: "ida@example.org", wrong))
        robot.expectGerman([result])
        #expect(result.subject?.contains("nicht bestanden (1 von 25)") == true, "\(result.subject ?? "")")
        let body = result.textBody ?? ""
        #expect(body.contains("https://ca.example.org/de/policies/assurance.html#"), "\(body)")
        #expect(!body.contains("https://ca.example.org/policies/"), "\(body)")
    }

    @Test func aLanguageTheCADoesNotSpeakIsRefusedWithTheOnesItDoes() throws {
        let robot = try RobotHarness()
        try robot.deliver(
            "From: emil@example.org\nTo: register@ca.example.org\nSubject: join\n\n"
                + "Name: Emil Example\nDate-Of-Birth: 1980-04-01\nLanguage: tlh\n"
        )
        try robot.runJobs()
        let answer = try robot.newMail()
        #expect(answer.count == 1)
        let body = try #require(answer.first?.textBody)
        #expect(body.contains("names no language this CA writes in; write one of en, de"), "\(body)")
        // The sender is not a member: the refusal does not repeat what they wrote.
        #expect(!body.contains("tlh"))
        #expect(try robot.requests().last?[2] == "rejected")
    }
}
