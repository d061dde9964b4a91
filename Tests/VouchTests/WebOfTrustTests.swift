import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority
@testable import Store

extension RobotHarness {
    /// An assurer as a founding round makes one: registered by mail, then 100 points from three
    /// elders, `experience / 2` assurances given and (unless told otherwise) a passed challenge,
    /// written to the registry, because nobody could assure the first assurers by mail.
    func foundAssurer(
        _ email: String,
        name: String,
        experience: Int,
        passedChallenge: Bool = true,
        birth: String = "1970-01-01"
    ) throws {
        try register(email, name: name, birth: birth)
        let store = try authority().store
        let member = try #require(try store.member(byEmail: email))
        let today = WebOfTrustTests.day(0)
        for index in 0..<3 {
            let elder = try store.addMember(
                name: "Elder \(index)",
                dateOfBirth: "1950-01-01",
                primaryEmail: "elder\(index).\(email)"
            )
            try store.recordAssurance(
                assurer: elder.id,
                assuree: member.id,
                points: 35,
                meetingDate: today,
                location: "Founding meeting",
                method: .faceToFace,
                documents: "passport",
                capSigned: true
            )
        }
        for index in 0..<(experience / 2) {
            let other = try store.addMember(
                name: "Assuree \(index)",
                dateOfBirth: "1990-01-01",
                primaryEmail: "assuree\(index).\(email)"
            )
            try store.recordAssurance(
                assurer: member.id,
                assuree: other.id,
                points: 10,
                meetingDate: today,
                location: "Earlier meetings",
                method: .faceToFace,
                documents: "passport",
                capSigned: true
            )
        }
        if passedChallenge {
            let attempt = try store.startChallenge(member: member.id, questions: (1...25).map { "q\($0)" })
            try store.gradeChallenge(id: attempt.id, answers: [], score: 25, passed: true)
        }
    }

    /// An `assure@` mail.
    func assureMail(
        from assurer: String,
        assuree: String,
        name: String,
        birth: String = "1980-04-01",
        points: String,
        date: String = WebOfTrustTests.day(-1),
        capSigned: String = "yes",
        messageID: String = UUID().uuidString
    ) -> String {
        """
        From: \(assurer)
        To: assure@ca.example.org
        Subject: assurance
        Message-ID: <\(messageID)@example.org>

        Assuree: \(assuree)
        Name: \(name)
        Date-Of-Birth: \(birth)
        Points: \(points)
        Date: \(date)
        Location: Public library
        Documents: passport
        CAP-Signed: \(capSigned)

        """
    }

    /// Mails an assurance and confirms it from the assurer's address; returns the mail that followed.
    func assureAndConfirm(
        from assurer: String,
        assuree: String,
        name: String,
        birth: String = "1980-04-01",
        points: Int
    ) throws -> [MailMessage] {
        try deliver(assureMail(from: assurer, assuree: assuree, name: name, birth: birth, points: "\(points)"))
        try runJobs()
        let probes = try newMail()
        let probe = try #require(probes.first, "no confirmation for \(assurer)")
        #expect(probes.count == 1 && probe.to.first?.mailbox == assurer, "\(probes.map { $0.textBody ?? "" })")
        #expect(probe.textBody?.contains("record your assurance of \(assuree) with \(points) points") == true)
        try reply(to: probe, from: assurer)
        try runJobs()
        return try newMail()
    }

    func assurancePoints(_ email: String) throws -> Int? {
        ((try memberJSON(email))?["points"] as? [String: Any])?["assurance"] as? Int
    }

    func assuranceCount() throws -> Int {
        let result = try ExternalTool.sqlite3.run([
            vouch.data.appendingPathComponent("vouch.sqlite").path, "SELECT count(*) FROM assurances",
        ])
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// The web of trust by mail: assurances under the award table, the Assurer Challenge, and disputes.
@Suite(.serialized) struct WebOfTrustTests {
    /// `YYYY-MM-DD`, `offset` days from today (UTC).
    static func day(_ offset: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    @Test func threeAssurancesTakeAMemberFromZeroToAHundredUnderTheAwardTable() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("ann@example.org", name: "Ann Assurer", experience: 50)
        try robot.foundAssurer("ben@example.net", name: "Ben Assurer", experience: 50)
        try robot.foundAssurer("cat@example.com", name: "Cat Assurer", experience: 40)
        try robot.register("nora@example.org", name: "Nora Newcomer")
        #expect(try robot.assurancePoints("nora@example.org") == 0)

        let first = try robot.assureAndConfirm(
            from: "ann@example.org",
            assuree: "nora@example.org",
            name: "Nora Newcomer",
            points: 35
        )
        let recorded = try #require(first.first { $0.to.first?.mailbox == "ann@example.org" })
        #expect(recorded.subject?.contains("is recorded") == true)
        #expect(recorded.textBody?.contains("35 points") == true)
        let told = try #require(first.first { $0.to.first?.mailbox == "nora@example.org" })
        #expect(told.textBody?.contains("from 0 to\n35") == true || told.textBody?.contains("from 0 to 35") == true)
        #expect(told.textBody?.contains("name may now appear") == false)
        #expect(try robot.assurancePoints("nora@example.org") == 35)

        let second = try robot.assureAndConfirm(
            from: "ben@example.net",
            assuree: "nora@example.org",
            name: "Nora Newcomer",
            points: 35
        )
        let crossed50 = try #require(second.first { $0.to.first?.mailbox == "nora@example.org" })
        #expect(crossed50.textBody?.contains("Your name may now appear in your certificates") == true)
        #expect(try robot.assurancePoints("nora@example.org") == 70)

        // Cat has 40 experience points: 30 at most, and the mail says so.
        try robot.deliver(
            robot.assureMail(from: "cat@example.com", assuree: "nora@example.org", name: "Nora Newcomer", points: "35")
        )
        try robot.runJobs()
        let refused = try robot.newMail()
        #expect(refused.count == 1)
        #expect(refused.first?.textBody?.contains("at most 30 points with 40 experience points") == true)

        let third = try robot.assureAndConfirm(
            from: "cat@example.com",
            assuree: "nora@example.org",
            name: "Nora Newcomer",
            points: 30
        )
        let crossed100 = try #require(third.first { $0.to.first?.mailbox == "nora@example.org" })
        let text = crossed100.textBody ?? ""
        #expect(text.contains("code-signing certificates"), "\(text)")
        #expect(text.contains("pass the Assurer Challenge by mail to challenge@ca.example.org"), "\(text)")
        #expect(try robot.assurancePoints("nora@example.org") == 100)
        let report = try #require(try robot.memberJSON("nora@example.org"))
        let received = try #require(report["assurancesReceived"] as? [[String: Any]])
        #expect(received.map { $0["points"] as? Int } == [35, 35, 30])
        #expect(received.map { $0["with"] as? String } == ["ann@example.org", "ben@example.net", "cat@example.com"])
        let cat = try #require(try robot.memberJSON("cat@example.com"))
        let given = try #require(cat["assurancesGiven"] as? [[String: Any]])
        #expect(given.contains { $0["with"] as? String == "nora@example.org" })
        #expect((cat["points"] as? [String: Any])?["experience"] as? Int == 42)
    }

    @Test func everyBadAssuranceIsRefusedByMailWithItsRuleAndNothingRecorded() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("ann@example.org", name: "Ann Assurer", experience: 50)
        try robot.foundAssurer("rookie@example.net", name: "Rae Rookie", experience: 0, passedChallenge: false)
        try robot.foundAssurer("teen@example.com", name: "Tim Teen", experience: 50, birth: Self.birthday(age: 16))
        let consent = try robot.vouch.run(["member", "consent", "teen@example.com"])
        #expect(consent.succeeded, "\(consent.transcript)")
        try robot.register("low@example.edu", name: "Lou Low")
        try robot.register("nora@example.org", name: "Nora Newcomer")
        try robot.register("prior@example.net", name: "Pia Prior")
        // Ann assured Pia before (recorded at an earlier meeting).
        let store = try robot.authority().store
        try store.recordAssurance(
            assurer: try #require(try store.member(byEmail: "ann@example.org")).id,
            assuree: try #require(try store.member(byEmail: "prior@example.net")).id,
            points: 10,
            meetingDate: Self.day(-30),
            location: "x",
            method: .faceToFace,
            documents: "passport",
            capSigned: true
        )
        let before = try robot.assuranceCount()

        let nora = (assuree: "nora@example.org", name: "Nora Newcomer")
        let cases: [(String, String, String)] = [
            (
                "unknown assuree",
                robot.assureMail(from: "ann@example.org", assuree: "nobody@example.org", name: "No Body", points: "10"),
                "no member has the address nobody@example.org"
            ),
            (
                "above the cap",
                robot.assureMail(from: "ann@example.org", assuree: nora.assuree, name: nora.name, points: "36"),
                "at most 35 points with 50 experience points"
            ),
            (
                "second of the pair",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: "prior@example.net",
                    name: "Pia Prior",
                    points: "10"
                ), "one assurance per assurer and member"
            ),
            (
                "self",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: "ann@example.org",
                    name: "Ann Assurer",
                    birth: "1970-01-01",
                    points: "10"
                ), "nobody may assure themselves"
            ),
            (
                "future date",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: nora.assuree,
                    name: nora.name,
                    points: "10",
                    date: Self.day(2)
                ), "is after today"
            ),
            (
                "malformed date",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: nora.assuree,
                    name: nora.name,
                    points: "10",
                    date: "2026-13-01"
                ), "YYYY-MM-DD"
            ),
            (
                "stale date",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: nora.assuree,
                    name: nora.name,
                    points: "10",
                    date: Self.day(-400)
                ), "more than 365 days ago"
            ),
            (
                "no CAP",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: nora.assuree,
                    name: nora.name,
                    points: "10",
                    capSigned: "no"
                ), "CAP-Signed: yes"
            ),
            (
                "points not a number",
                robot.assureMail(from: "ann@example.org", assuree: nora.assuree, name: nora.name, points: "ten"),
                "is not a whole number"
            ),
            (
                "under 100 points",
                robot.assureMail(from: "low@example.edu", assuree: nora.assuree, name: nora.name, points: "5"),
                "an assurer needs at least 100 assurance points"
            ),
            (
                "no challenge",
                robot.assureMail(from: "rookie@example.net", assuree: nora.assuree, name: nora.name, points: "5"),
                "must pass the Assurer Challenge"
            ),
            (
                "minor above the minors' cap",
                robot.assureMail(from: "teen@example.com", assuree: nora.assuree, name: nora.name, points: "15"),
                "an assurer under 18 may award at most 10 points"
            ),
            (
                "name differs",
                robot.assureMail(from: "ann@example.org", assuree: nora.assuree, name: "Nora Newcomber", points: "10"),
                "the Name you wrote differs"
            ),
            (
                "birth differs",
                robot.assureMail(
                    from: "ann@example.org",
                    assuree: nora.assuree,
                    name: nora.name,
                    birth: "1980-04-02",
                    points: "10"
                ), "the Date-Of-Birth you wrote differs"
            ),
            (
                "not a member",
                robot.assureMail(from: "mallory@example.net", assuree: nora.assuree, name: nora.name, points: "10"),
                "is not a verified address of any member"
            ),
        ]
        var ids: [String: (String, String)] = [:]
        for (label, text, expected) in cases {
            let id = UUID().uuidString
            ids["<\(id)@example.org>"] = (label, expected)
            try robot.deliver(text.replacing(#/Message-ID: <[^>]+>/#, with: "Message-ID: <\(id)@example.org>"))
        }
        // Without its CAP-Signed line at all.
        try robot.deliver(
            "From: ann@example.org\nTo: assure@ca.example.org\nSubject: a\n\nAssuree: nora@example.org\nName: Nora Newcomer\nDate-Of-Birth: 1980-04-01\nPoints: 10\nDate: \(Self.day(-1))\nLocation: x\nDocuments: passport\n"
        )
        try robot.runJobs()
        let mail = try robot.newMail()
        #expect(try robot.assuranceCount() == before)
        #expect(!mail.contains { $0.replyTo.first?.mailbox.hasPrefix("verify+") == true }, "no confirmation is asked")
        for message in mail where message.inReplyTo != nil {
            let (label, expected) = try #require(ids[message.inReplyTo!], "\(message.inReplyTo ?? "")")
            #expect(message.textBody?.contains(expected) == true, "\(label): \(message.textBody ?? "")")
            ids[message.inReplyTo!] = nil
        }
        let unanswered = ids.filter { $0.value.0 != "not a member" }
        #expect(unanswered.isEmpty, "not answered: \(unanswered.values.map(\.0))")
        let lacking = mail.filter { $0.textBody?.contains("lacks 'CAP-Signed:'") == true }
        #expect(lacking.count == 1)
        // The stranger's mail is answered without a Message-ID reference (nothing of theirs is echoed).
        #expect(mail.contains { $0.to.first?.mailbox == "mallory@example.net" })

        // Nora is told twice which field an assurer read differently, never either value.
        let notices = mail.filter { $0.to.first?.mailbox == "nora@example.org" }
        #expect(notices.count == 2)
        #expect(notices.contains { $0.textBody?.contains("the Name they read") == true })
        #expect(notices.contains { $0.textBody?.contains("the Date-Of-Birth they read") == true })
        for notice in notices {
            #expect(notice.textBody?.contains("Newcomber") == false && notice.textBody?.contains("1980-04") == false)
        }
        let toAnn = mail.filter { $0.to.first?.mailbox == "ann@example.org" }
        #expect(!toAnn.contains { $0.textBody?.contains("1980-04-01") == true }, "the recorded date is not revealed")
    }

    /// A date of birth making someone `age` today.
    static func birthday(age: Int) -> String {
        let today = day(0)
        return "\(Int(today.prefix(4))! - age)\(today.dropFirst(4).prefix(3))-01"
    }
}
