import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority

/// Arbitration and the operator's side of the web of trust: a revoked assurance, TTP-assisted
/// assurances, parental consent, the list.
@Suite(.serialized) struct DisputeTests {
    @Test func aRevokedAssuranceCountsZeroAndTakesTheNameBearingCertificateOntoItsCRL() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("ann@example.org", name: "Ann Assurer", experience: 50)
        try robot.foundAssurer("ben@example.net", name: "Ben Assurer", experience: 50)
        try robot.register("mia@example.org", name: "Mia Member")
        _ = try robot.assureAndConfirm(
            from: "ann@example.org",
            assuree: "mia@example.org",
            name: "Mia Member",
            points: 35
        )
        _ = try robot.assureAndConfirm(
            from: "ben@example.net",
            assuree: "mia@example.org",
            name: "Mia Member",
            points: 15
        )
        #expect(try robot.assurancePoints("mia@example.org") == 50)
        let files = try TemporaryDirectory("vouch-dispute")
        let request = try MemberRequest.make(in: files, names: "email:mia@example.org")
        let mail = try robot.requestCertificate(request, from: "mia@example.org", profile: "smime-individual")
        let certificate = try #require(try robot.saveAttachments(mail, into: files)["certificate.pem"])
        let serial = try ExternalTool.openssl.run(["x509", "-in", certificate, "-noout", "-serial"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("serial=".count).lowercased()

        let listed = try robot.vouch.run(["assurance", "list", "--member", "mia@example.org", "--json"])
        #expect(listed.succeeded, "\(listed.transcript)")
        let assurances = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]]
        )
        #expect(assurances.count == 2)
        let bens = try #require(assurances.first { $0["assurer"] as? String == "ben@example.net" })
        let id = try #require(bens["id"] as? Int)

        let ruling = try robot.vouch.run([
            "assurance", "revoke", "\(id)", "--reason", "Arbitration case 2026-07: the meeting did not take place",
        ])
        #expect(ruling.succeeded, "\(ruling.transcript)")
        #expect(ruling.output.contains("50 -> 35"), "\(ruling.output)")
        #expect(
            ruling.output.contains("revoked certificate \(serial) (smime-individual): privilegeWithdrawn"),
            "\(ruling.output)"
        )
        #expect(try robot.assurancePoints("mia@example.org") == 35)
        let again = try robot.vouch.run(["assurance", "revoke", "\(id)", "--reason", "twice"])
        #expect(!again.succeeded && again.error.contains("already revoked"), "\(again.transcript)")

        // Both are told, with the ruling; Mia also what it cost her.
        let told = try robot.newMail()
        let toMia = try #require(told.first { $0.to.first?.mailbox == "mia@example.org" })
        let toBen = try #require(told.first { $0.to.first?.mailbox == "ben@example.net" })
        #expect(toMia.textBody?.contains("Arbitration case 2026-07") == true)
        #expect(
            toMia.textBody?.contains("went\nfrom 50 to 35") == true || toMia.textBody?.contains("from 50 to 35") == true
        )
        #expect(toMia.textBody?.contains(String(serial)) == true, "\(toMia.textBody ?? "")")
        #expect(toBen.textBody?.contains("the assurance you gave Mia Member") == true, "\(toBen.textBody ?? "")")

        // member show keeps the assurance, counted 0, with the points before and after the ruling.
        let report = try #require(try robot.memberJSON("mia@example.org"))
        let received = try #require(report["assurancesReceived"] as? [[String: Any]])
        let revoked = try #require(received.first { $0["revoked"] as? Bool == true })
        #expect(revoked["counted"] as? Int == 0)
        #expect(revoked["pointsBefore"] as? Int == 50 && revoked["pointsAfter"] as? Int == 35)
        #expect((revoked["ruling"] as? String)?.contains("Arbitration case") == true)
        let text = try robot.vouch.run(["member", "show", "mia@example.org"])
        #expect(text.output.contains("REVOKED") && text.output.contains("assurance points 50 -> 35"), "\(text.output)")
        let given = try #require(try robot.memberJSON("ben@example.net"))
        #expect((given["assurancesGiven"] as? [[String: Any]])?.contains { $0["revoked"] as? Bool == true } == true)

        // The CRL job lists the certificate, with its reason, on the shard its CDP names.
        try robot.runJobs(["crl"])
        let crls = try FileManager.default.subpathsOfDirectory(
            atPath: robot.vouch.data.appendingPathComponent("crl").path
        )
        .filter { $0.hasSuffix(".crl") }
        var found = false
        for crl in crls {
            let text = try ExternalTool.openssl.run([
                "crl", "-inform", "DER", "-in", robot.vouch.data.appendingPathComponent("crl/\(crl)").path, "-noout",
                "-text",
            ]).output.lowercased()
            if text.contains("serial number: \(serial)") {
                #expect(text.contains("privilege withdrawn"), "\(text)")
                found = true
            }
        }
        #expect(found, "\(serial) on none of \(crls)")

        // Her status page shows the ruling and the points before and after it, never a date of birth.
        let built = try robot.vouch.run(["site", "build"])
        #expect(built.succeeded, "\(built.transcript)")
        let page = try #require(try robot.statusPage("mia@example.org"))
        #expect(page.contains("Arbitration case 2026-07"), "\(page)")
        #expect(page.contains("from 50 to 35"))
        #expect(!page.contains("1980-04-01"))
    }

    @Test func operatorRecordsTTPAssurancesUnderTheirCapsConsentForMinorsAndLists() throws {
        let robot = try RobotHarness()
        try robot.foundAssurer("ann@example.org", name: "Ann Assurer", experience: 50)
        try robot.foundAssurer("ben@example.net", name: "Ben Assurer", experience: 50)
        try robot.foundAssurer("cat@example.com", name: "Cat Assurer", experience: 50)
        try robot.register("tina@example.org", name: "Tina Traveller")
        func ttp(_ assurer: String, _ points: Int, capSigned: Bool = true) throws -> ExternalTool.Result {
            try robot.vouch.run(
                [
                    "assurance", "record", "--ttp", "--assurer", assurer, "--assuree", "tina@example.org",
                    "--name", "Tina Traveller", "--date-of-birth", "1980-04-01", "--points", "\(points)",
                    "--date", WebOfTrustTests.day(-3), "--location", "Notary office, Lisbon",
                    "--documents", "passport (TTP form)",
                ] + (capSigned ? ["--cap-signed"] : [])
            )
        }
        let unsigned = try ttp("ann@example.org", 35, capSigned: false)
        #expect(!unsigned.succeeded && unsigned.error.contains("CAP form"), "\(unsigned.transcript)")
        let first = try ttp("ann@example.org", 35)
        #expect(first.succeeded && first.output.contains("(TTP-assisted)"), "\(first.transcript)")
        #expect(try ttp("ben@example.net", 35).succeeded)
        let third = try ttp("cat@example.com", 35)
        #expect(!third.succeeded && third.error.contains("at most 2 TTP-assisted"), "\(third.transcript)")
        #expect(try robot.assurancePoints("tina@example.org") == 70)

        // A minor is assured only once a parent's consent is recorded; an adult needs none.
        try robot.register("teo@example.net", name: "Teo Young", birth: WebOfTrustTests.birthday(age: 15))
        try robot.deliver(
            robot.assureMail(
                from: "ann@example.org",
                assuree: "teo@example.net",
                name: "Teo Young",
                birth: WebOfTrustTests.birthday(age: 15),
                points: "10"
            )
        )
        try robot.runJobs()
        #expect(try robot.newMail().first?.textBody?.contains("parental consent") == true)
        let adult = try robot.vouch.run(["member", "consent", "tina@example.org"])
        #expect(!adult.succeeded && adult.error.contains("no consent is needed"), "\(adult.transcript)")
        let consent = try robot.vouch.run(["member", "consent", "teo@example.net"])
        #expect(consent.succeeded, "\(consent.transcript)")
        _ = try robot.assureAndConfirm(
            from: "ann@example.org",
            assuree: "teo@example.net",
            name: "Teo Young",
            birth: WebOfTrustTests.birthday(age: 15),
            points: 10
        )
        #expect(try robot.assurancePoints("teo@example.net") == 10)

        let all = try robot.vouch.run(["assurance", "list", "--json"])
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(all.output.utf8)) as? [[String: Any]])
        let ttpAssurances = listing.filter { $0["method"] as? String == "ttpAssisted" }
        #expect(ttpAssurances.count == 2)
        #expect(listing.contains { $0["assuree"] as? String == "teo@example.net" && $0["points"] as? Int == 10 })
        let text = try robot.vouch.run(["assurance", "list", "--member", "tina@example.org"])
        #expect(text.output.split(separator: "\n").count == 2, "\(text.output)")
        let unknown = try robot.vouch.run(["assurance", "list", "--member", "nobody@example.org"])
        #expect(!unknown.succeeded && unknown.error.contains("no member"))
    }
}

extension RobotHarness {
    /// The member's status page as the last site build wrote it.
    func statusPage(_ email: String) throws -> String? {
        guard let member = try authority().store.member(byEmail: email) else { return nil }
        let file = directory.file("site").appendingPathComponent("members/\(member.statusPageID).html")
        return try? String(contentsOf: file, encoding: .utf8)
    }
}
