import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import Site

/// The Assurer Challenge's question bank: complete, well formed, and every question tied to a
/// section of a document that states its rule.
@Suite struct ChallengeBankTests {
    static let content = RepositoryPaths.root.appendingPathComponent("Content")

    static func bank(_ configuration: CAConfiguration? = nil) throws -> ChallengeBank {
        let file = content.appendingPathComponent(ChallengeBank.path)
        let configuration =
            try configuration
            ?? CAConfiguration(name: "Bank Test", mailDomain: "ca.example.org", baseURL: "https://ca.example.org")
        return try ChallengeBank(
            text: try String(contentsOf: file, encoding: .utf8),
            origin: file.path,
            configuration: configuration
        )
    }

    /// The anchors the site gives the headings of a Markdown file.
    static func anchors(of path: String) throws -> Set<String> {
        let text = try String(contentsOf: content.appendingPathComponent(path), encoding: .utf8)
        var anchors: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            anchors.insert(Markdown.slugify(heading))
        }
        return anchors
    }

    @Test func theBankIsCompleteAndCoversEveryArea() throws {
        let bank = try Self.bank()
        #expect(bank.questions.count >= 60)
        let documents = Set(bank.questions.map { String($0.section.prefix { $0 != "#" }) })
        for required in [
            "policies/assurance.md", "policies/agreement.md", "policies/privacy.md", "policies/disputes.md",
            "help/assurer-handbook.md",
        ] {
            #expect(documents.contains(required), "no question cites \(required)")
        }
        for question in bank.questions {
            #expect(question.options.count >= 3, "\(question.id)")
            #expect(
                Set(question.options.map(\.text)).count == question.options.count,
                "\(question.id) repeats an option"
            )
            #expect(!question.topic.isEmpty, "\(question.id) has no topic")
            #expect(["?", ":", "."].contains(question.question.last), "\(question.id) does not end as a question")
        }
        // Right answers spread over the letters, so that no letter is a safe guess.
        let counts = Dictionary(grouping: bank.questions, by: \.answer).mapValues(\.count)
        #expect(counts.values.allSatisfy { $0 * 5 <= bank.questions.count * 2 }, "\(counts)")
    }

    @Test func everyQuestionCitesASectionThatExists() throws {
        var anchors: [String: Set<String>] = [:]
        for question in try Self.bank().questions {
            let parts = question.section.split(separator: "#", maxSplits: 1).map(String.init)
            #expect(parts.count == 2, "\(question.id): \(question.section) names no section")
            guard parts.count == 2 else { continue }
            if anchors[parts[0]] == nil {
                #expect(
                    FileManager.default.fileExists(atPath: Self.content.appendingPathComponent(parts[0]).path),
                    "\(question.id): \(parts[0]) is not in Content/"
                )
                anchors[parts[0]] = (try? Self.anchors(of: parts[0])) ?? []
            }
            #expect(anchors[parts[0]]!.contains(parts[1]), "\(question.id): \(parts[0]) has no section #\(parts[1])")
            #expect(question.link(baseURL: "https://ca.example.org").hasPrefix("https://ca.example.org/"))
        }
    }

    @Test func placeholdersFollowTheConfiguredPolicy() throws {
        var configuration = try CAConfiguration(
            name: "Bank Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org"
        )
        configuration.policy.challengeTokenDays = 9
        let bank = try Self.bank(configuration)
        let all = bank.questions.flatMap { [$0.question] + $0.options.map(\.text) }
        #expect(!all.contains { $0.contains("{{") })
        #expect(all.contains { $0.contains("9 days") })
    }

    @Test(
        "A malformed bank is refused with its line",
        arguments: [
            (
                "[q1]\ntopic: t\nsection: policies/a.md#x\nquestion: q?\na: 1\nb: 2\nanswer: c\n", ":1:",
                "not one of its options"
            ),
            ("[q1]\ntopic: t\nsection: policies/a.md#x\nquestion: q?\na: 1\nanswer: a\n", ":1:", "no 'b:' line"),
            (
                "[q1]\ntopic: t\nsection: policies/a.md#x\nquestion: q?\na: 1\nb: 2\nanswer: a\nhint: x\n", ":8:",
                "unknown key"
            ),
            ("[q1]\ntopic: t\ntopic: u\n", ":3:", "appears twice"),
            ("topic: t\n", ":1:", "outside a [id] block"),
            ("[q1]\ntopic: {{policy.noSuchNumber}}\n", ":2:", "unknown placeholder"),
            ("[q1]\ntopic: t\nsection: /etc/passwd\nquestion: q?\na: 1\nb: 2\nanswer: a\n", ":1:", "PATH.md#ANCHOR"),
            (
                "[q1]\ntopic: t\nsection: a.md#x\nquestion: q?\na: 1\nb: 2\nanswer: a\n\n[q1]\ntopic: t\n", ":9:",
                "used twice"
            ),
        ]
    )
    func malformed(text: String, line: String, reason: String) {
        #expect {
            _ = try ChallengeBank(text: text, origin: "questions.txt", values: [:])
        } throws: { error in
            let message = (error as? AuthorityError)?.reason ?? ""
            return message.contains("questions.txt\(line)") && message.contains(reason)
        }
    }

    @Test func theBankIsNeverPublished() throws {
        let files = TemplateLibrary.content(overriding: nil).paths()
        #expect(files.contains(ChallengeBank.path))
        let site = try SiteHarness()
        try site.build()
        let published = FileManager.default.subpaths(atPath: site.site.path) ?? []
        #expect(!published.contains { $0.contains("challenge") }, "\(published.filter { $0.contains("challenge") })")
    }
}
