import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import Store

/// Assurances recorded through the Authority: the policy decides, the registry records.
@Suite struct AssuranceTests {
    let directory: TemporaryDirectory
    let authority: CertificateAuthority
    let today = "2026-11-29"

    init() throws {
        directory = try TemporaryDirectory("vouch-assure")
        let configuration = try CAConfiguration(
            name: "Assurance Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            rootKey: .p384
        )
        authority = try KeyCeremony(
            directory: DataDirectory(directory.file("var")),
            configuration: configuration,
            passphrase: "assurance test passphrase",
            rootPassphrase: "assurance test root passphrase"
        ).perform()
        let store = authority.store
        // Three founders with 100 points each (recorded directly, as the demo's founding round is)
        // and a passed challenge: assurers with 4 experience points, so 10 points at most.
        var founders: [Member] = []
        for name in ["ann", "ben", "cat", "dan"] {
            founders.append(
                try store.addMember(name: name, dateOfBirth: "1980-01-01", primaryEmail: "\(name)@example.org")
            )
        }
        for assurer in founders {
            for assuree in founders where assuree.id != assurer.id {
                _ = try store.recordAssurance(
                    assurer: assurer.id,
                    assuree: assuree.id,
                    points: 35,
                    meetingDate: today,
                    location: "x",
                    method: .faceToFace,
                    documents: "passport",
                    capSigned: true
                )
            }
            let attempt = try store.startChallenge(member: assurer.id, questions: (1...25).map { "Q\($0)" })
            _ = try store.gradeChallenge(id: attempt.id, answers: [], score: 25, passed: true)
        }
        _ = try store.addMember(name: "New Comer", dateOfBirth: "1999-09-09", primaryEmail: "new@example.org")
        _ = try store.addMember(name: "Young One", dateOfBirth: "2012-01-01", primaryEmail: "young@example.org")
    }

    private func report(_ assurer: String, _ assuree: String, points: Int, date: String? = nil) -> AssuranceReport {
        AssuranceReport(
            assurerEmail: assurer,
            assureeEmail: assuree,
            points: points,
            meetingDate: date ?? today,
            location: "Library",
            documents: "passport",
            capSigned: true
        )
    }

    private func refusal(_ report: AssuranceReport) -> String {
        do {
            try authority.recordAssurance(report)
            return "recorded"
        } catch let error as AuthorityError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func recordsWithinTheAwardTable() throws {
        let recorded = try authority.recordAssurance(report("ann@example.org", "new@example.org", points: 10))
        #expect(recorded.assurance.points == 10)
        #expect(try authority.memberReport(email: "new@example.org").points.assurance == 10)
    }

    @Test func refusalsNameTheirRule() {
        #expect(refusal(report("ann@example.org", "new@example.org", points: 15)).contains("at most 10"))
        #expect(refusal(report("new@example.org", "ann@example.org", points: 5)).contains("is not an assurer"))
        #expect(refusal(report("ann@example.org", "ann@example.org", points: 5)).contains("themselves"))
        #expect(refusal(report("ann@example.org", "ben@example.org", points: 5)).contains("one assurance per assurer"))
        #expect(refusal(report("ann@example.org", "young@example.org", points: 5)).contains("consent"))
        #expect(refusal(report("ann@example.org", "new@example.org", points: -1)).contains("-1 is outside 0...10"))
        #expect(
            refusal(report("ann@example.org", "new@example.org", points: 5, date: "2026-13-01")).contains("YYYY-MM-DD")
        )
        #expect(refusal(report("ann@example.org", "nobody@example.org", points: 5)).contains("no member"))
    }
}
