import Foundation
import Policy

/// One multiple-choice question of the Assurer Challenge, with the policy section it tests.
package struct ChallengeQuestion: Sendable, Hashable {
    package var id: String
    /// What a member who got it wrong is told to read up on.
    package var topic: String
    /// `PATH#ANCHOR` under `Content/`, e.g. `policies/assurance.md#4-the-award-table`.
    package var section: String
    package var question: String
    /// The options by letter, in order (`a`, `b`, …).
    package var options: [(letter: String, text: String)]
    /// The letter of the right option.
    package var answer: String

    package static func == (left: ChallengeQuestion, right: ChallengeQuestion) -> Bool {
        left.id == right.id && left.topic == right.topic && left.section == right.section
            && left.question == right.question && left.answer == right.answer
            && left.options.map(\.letter) == right.options.map(\.letter)
            && left.options.map(\.text) == right.options.map(\.text)
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The page and anchor of `section` on the published site.
    package func link(baseURL: String) -> String {
        let parts = section.split(separator: "#", maxSplits: 1)
        let page = String(parts[0]).replacingOccurrences(of: ".md", with: ".html")
        return "\(baseURL)/\(page)" + (parts.count > 1 ? "#\(parts[1])" : "")
    }
}

/// The Assurer Challenge's questions (`Content/challenge/questions.txt`), read strictly: blocks of
/// `key: value` lines under a `[id]` line, separated by blank lines, `#` starting a comment. Numbers
/// the policy configures are written `{{policy.NAME}}` (or `{{site.NAME}}`) and filled in from the
/// configuration, so the questions stay right when an operator changes the policy.
///
/// The file is not a page: the site publishes Markdown only, and the answers never leave the robot.
package struct ChallengeBank: Sendable {
    package let questions: [ChallengeQuestion]
    private let byID: [String: ChallengeQuestion]

    package static let path = "challenge/questions.txt"
    private static let keys: Set<String> = ["topic", "section", "question", "a", "b", "c", "d", "answer"]

    /// Parses `text` (named `origin` in errors) and fills in the placeholders from `values`.
    package init(text: String, origin: String, values: [String: String]) throws {
        func failure(_ line: Int, _ reason: String) -> AuthorityError {
            AuthorityError(.invalidConfiguration, "\(origin):\(line): \(reason)")
        }
        var questions: [ChallengeQuestion] = []
        var current: (id: String, line: Int, fields: [String: String])?
        func finish() throws {
            guard let block = current else { return }
            current = nil
            for key in ["topic", "section", "question", "a", "b", "answer"] where block.fields[key] == nil {
                throw failure(block.line, "question \(block.id) has no '\(key):' line")
            }
            var options: [(String, String)] = []
            for letter in ["a", "b", "c", "d"] {
                guard let text = block.fields[letter] else { break }
                options.append((letter, text))
            }
            if options.count < ["a", "b", "c", "d"].filter({ block.fields[$0] != nil }).count {
                throw failure(block.line, "question \(block.id) skips an option letter")
            }
            let answer = block.fields["answer"]!.lowercased()
            guard options.contains(where: { $0.0 == answer }) else {
                throw failure(block.line, "question \(block.id): the answer '\(answer)' is not one of its options")
            }
            let section = block.fields["section"]!
            guard section.hasSuffix(".md") || section.contains(".md#"), !section.hasPrefix("/"),
                !section.contains("..")
            else {
                throw failure(
                    block.line,
                    "question \(block.id): section '\(section)' is not PATH.md#ANCHOR under Content/"
                )
            }
            questions.append(
                ChallengeQuestion(
                    id: block.id,
                    topic: block.fields["topic"]!,
                    section: section,
                    question: block.fields["question"]!,
                    options: options,
                    answer: answer
                )
            )
        }
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated()
        {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.isEmpty {
                try finish()
                continue
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw failure(number, "'\(line)' is not [id]") }
                try finish()
                let id = String(line.dropFirst().dropLast())
                guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    throw failure(number, "question id '\(id)' may hold letters, digits and '-' only")
                }
                guard !questions.contains(where: { $0.id == id }) else {
                    throw failure(number, "question id \(id) is used twice")
                }
                current = (id, number, [:])
                continue
            }
            guard current != nil else { throw failure(number, "a line outside a [id] block") }
            guard let colon = line.firstIndex(of: ":") else { throw failure(number, "not a 'key: value' line") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard Self.keys.contains(key) else { throw failure(number, "unknown key '\(key)'") }
            guard current!.fields[key] == nil else { throw failure(number, "'\(key):' appears twice") }
            guard !value.isEmpty else { throw failure(number, "'\(key):' is empty") }
            current!.fields[key] = try Self.fill(value, values) { failure(number, $0) }
        }
        try finish()
        self.questions = questions
        byID = Dictionary(uniqueKeysWithValues: questions.map { ($0.id, $0) })
    }

    /// The bank with the placeholders filled from `configuration`.
    package init(text: String, origin: String, configuration: CAConfiguration) throws {
        try self.init(text: text, origin: origin, values: Self.placeholderValues(configuration))
    }

    package func question(id: String) -> ChallengeQuestion? { byID[id] }

    /// `count` different questions in random order.
    package func draw(_ count: Int) -> [ChallengeQuestion] {
        var generator = SystemRandomNumberGenerator()
        return Array(questions.shuffled(using: &generator).prefix(count))
    }

    /// `policy.NAME` for every number of the policy, and the `site.` values the documents use too.
    package static func placeholderValues(_ configuration: CAConfiguration) -> [String: String] {
        let policy = configuration.policy
        var values: [String: String] = [:]
        // Encoding a plain value type cannot fail; were it to, every placeholder would be reported unknown.
        for (name, number) in (try? CAConfiguration.policyFields(policy)) ?? [:] {
            values["policy.\(name)"] = String(number)
        }
        values["site.maximumTotalPoints"] = String(policy.maximumTotalPoints)
        values["site.challengePassCount"] = String(policy.challengePassCount)
        values["site.mailDomain"] = configuration.mailDomain
        values["site.caName"] = configuration.name
        return values
    }

    private static func fill(
        _ text: String,
        _ values: [String: String],
        failure: (String) -> AuthorityError
    ) throws -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw failure("'{{' without '}}'")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else { throw failure("unknown placeholder {{\(name)}}") }
            output += value
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
