import Authority
import Foundation
import PKI
import Policy
import Store

/// The demo's web of trust, grown the way a real community grows it: the founders take the
/// Assurer Challenge by mail, assurers meet newcomers and mail `assure@` (S/MIME-signed when they
/// hold a certificate, else confirmed by reply), the operator records a TTP-assisted assurance and
/// a parent's consent, and an arbitrator revokes one assurance.
extension Demo {
    /// One person of the demo, as they register.
    struct Person {
        let name: String
        let email: String
        let birth: String
        let domain: String?
        /// The `Language:` line of the registration; nil for the default.
        var language: String? = nil
    }

    /// The demo's cast: four founders, then members whose points show each rule.
    static let cast: [Person] = [
        Person(name: "Alice Example", email: "alice@example.org", birth: "1980-04-01", domain: "example.org"),
        Person(name: "Bob Example", email: "bob@example.net", birth: "1975-09-12", domain: "example.net"),
        Person(name: "Carol Example", email: "carol@example.com", birth: "1990-01-23", domain: nil),
        Person(name: "Dave Example", email: "dave@example.org", birth: "1985-06-30", domain: nil),
        Person(name: "Erin Example", email: "erin@example.com", birth: "2001-11-05", domain: nil),
        Person(name: "Frank Example", email: "frank@example.net", birth: "1969-02-14", domain: nil),
        Person(name: "Grace Example", email: "grace@example.org", birth: "1994-07-19", domain: nil),
        // Registers in German: her mail and status page show the German translation.
        Person(name: "Heidi Example", email: "heidi@example.net", birth: "1988-03-08", domain: nil, language: "de"),
        Person(name: "Ivan Example", email: "ivan@example.com", birth: "2011-05-17", domain: nil),
        Person(name: "Kim Example", email: "kim@example.org", birth: "1979-12-24", domain: nil),
    ]

    /// Members met at the demo's meetups, beyond the cast: names from two short lists, addresses
    /// spread over the documentation domains.
    static func community(_ count: Int) -> [Person] {
        let first = ["Lena", "Omar", "Priya", "Sven", "Yuki", "Tomas", "Amara", "Jonas", "Mei", "Rafael", "Noor"]
        let last = ["Sample", "Specimen", "Tester", "Placeholder"]
        let domains = ["members.example.org", "members.example.net", "members.example.com"]
        return (0..<count).map { index in
            let given = first[index % first.count]
            let family = last[(index / first.count) % last.count]
            let email = "\(given.lowercased()).\(family.lowercased())\(index / 44 == 0 ? "" : "\(index / 44)")"
            return Person(
                name: "\(given) \(family)",
                email: "\(email)@\(domains[index % domains.count])",
                birth: "19\(60 + index % 40)-0\(1 + index % 9)-1\(index % 10)",
                domain: nil
            )
        }
    }

    /// Founders take the Assurer Challenge by mail; Dave answers badly and fails (so he holds 100
    /// points without assurer status), the others pass.
    func takeChallenges(_ authority: CertificateAuthority, founders: [Member], mailbox: DemoMailbox) throws {
        var failing: Set<String> = []
        for founder in founders {
            let attempts = try authority.store.challengeAttempts(forMember: founder.id)
            if founder.primaryEmail == "dave@example.org" {
                guard attempts.isEmpty else { continue }
                failing.insert(founder.primaryEmail)
            } else if attempts.contains(where: { $0.passed == true }) {
                continue
            }
            try mailbox.send(from: founder.primaryEmail, to: "challenge@", body: "", subject: "Assurer Challenge")
        }
        try mailbox.runRobot()
        let results = try mailbox.answerChallenges(
            bank: try ChallengeHandler.bank(
                authority.configuration,
                locale: authority.configuration.site.defaultLocale
            ),
            failing: failing
        )
        for (email, grade) in results.sorted(by: { $0.key < $1.key }) {
            say("\(email) took the Assurer Challenge by mail: \(grade)")
        }
    }

    /// The meetups: each newcomer is assured by the founders who were there, every assurer awarding
    /// what the award table allows them that day, so their experience (and the most they may award)
    /// grows; then the cast gets the points that show each rule.
    func growCommunity(
        _ authority: CertificateAuthority,
        members: [String: Member],
        community: [Person],
        keys: [String: PrivateKey],
        mailbox: DemoMailbox
    ) throws {
        let meeting = Self.isoDay(now.addingTimeInterval(-86_400))
        if let ivan = members["ivan@example.com"], ivan.parentalConsentAt == nil {
            try authority.recordParentalConsent(email: ivan.primaryEmail, now: now)
            say("operator recorded parental consent for \(ivan.primaryEmail) (a minor)")
        }
        var plan: [(assurer: String, assuree: String, points: Int?)] = []
        for (index, person) in community.enumerated() {
            plan.append(("alice@example.org", person.email, nil))
            if index < 10 { plan.append(("bob@example.net", person.email, nil)) }
            if index < 4 { plan.append(("carol@example.com", person.email, nil)) }
        }
        plan += [
            ("alice@example.org", "grace@example.org", 35),
            ("alice@example.org", "erin@example.com", 35), ("bob@example.net", "erin@example.com", 15),
            ("alice@example.org", "kim@example.org", 35), ("carol@example.com", "kim@example.org", 15),
            ("bob@example.net", "ivan@example.com", 10),
        ]
        var count = 0
        for step in plan {
            guard let assurer = members[step.assurer], let assuree = members[step.assuree],
                try authority.store.assurance(assurer: assurer.id, assuree: assuree.id) == nil
            else { continue }
            let cap = try configuration().policy.maximumAward(
                by: try authority.memberFacts(assurer),
                on: CalendarDay(iso8601: meeting)!
            )
            let points = min(step.points ?? cap, cap)
            let body = """
                Assuree: \(assuree.primaryEmail)
                Name: \(assuree.name)
                Date-Of-Birth: \(assuree.dateOfBirth)
                Points: \(points)
                Date: \(meeting)
                Location: Demo meetup
                Documents: passport
                CAP-Signed: yes

                """
            if let key = keys["\(assurer.id)/smime"],
                let certificate = try authority.store.certificates(forMember: assurer.id).first(where: {
                    $0.profile == CertificateProfile.smimeMailbox.name && $0.revokedAt == nil && $0.der != nil
                })
            {
                try mailbox.sendSigned(
                    from: assurer.primaryEmail,
                    to: "assure@",
                    body: body,
                    certificate: try Certificate(der: Array(certificate.der!)),
                    key: key
                )
                try mailbox.runRobot()
            } else {
                try mailbox.send(from: assurer.primaryEmail, to: "assure@", body: body, subject: "assurance")
                try mailbox.runRobot()
                try mailbox.answerProbes()
            }
            count += 1
        }
        if count > 0 { say("assured by mail to assure@: \(count) assurances at the demo's meetups") }
        try recordTTPAssurance(authority, members: members, meeting: meeting)
    }

    /// Heidi's documents were checked by a notary; the operator records it, TTP-assisted, for Alice
    /// as the TTP administrator.
    private func recordTTPAssurance(
        _ authority: CertificateAuthority,
        members: [String: Member],
        meeting: String
    ) throws {
        guard let alice = members["alice@example.org"], let heidi = members["heidi@example.net"],
            try authority.store.assurance(assurer: alice.id, assuree: heidi.id) == nil
        else { return }
        let recorded = try authority.recordAssurance(
            AssuranceReport(
                assurerEmail: alice.primaryEmail,
                assureeEmail: heidi.primaryEmail,
                statedName: heidi.name,
                statedDateOfBirth: heidi.dateOfBirth,
                points: try configuration().policy.ttpPointsCap,
                meetingDate: meeting,
                location: "Notary office (TTP)",
                method: .ttpAssisted,
                documents: "passport, TTP form",
                capSigned: true
            ),
            now: now
        )
        say(
            "operator recorded a TTP-assisted assurance of \(heidi.primaryEmail): \(recorded.assurance.points) points"
        )
    }

    /// An arbitrator finds that Bob's assurance of Erin was given without a meeting: it is revoked,
    /// Erin falls below 50 points, and her certificate with her name in it is revoked with it.
    func arbitrate(_ authority: CertificateAuthority, members: [String: Member]) throws {
        guard let bob = members["bob@example.net"], let erin = members["erin@example.com"],
            let assurance = try authority.store.assurance(assurer: bob.id, assuree: erin.id),
            assurance.revokedAt == nil
        else { return }
        let ruling = try AssuranceRulings.revoke(
            id: assurance.id,
            reason: "Demo arbitration case A-1: the assurance was given without a meeting",
            context: JobContext(authority: authority, now: now)
        )
        say(
            "arbitration revoked assurance \(assurance.id) (\(bob.primaryEmail) -> \(erin.primaryEmail)): points \(ruling.before.assurancePoints) -> \(ruling.after.assurancePoints)"
                + ruling.revoked.map { "; revoked \($0.profile) \($0.serialHex) (privilegeWithdrawn)" }.joined()
        )
    }
}
