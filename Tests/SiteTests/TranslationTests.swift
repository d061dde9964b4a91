import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import Site

/// The completeness check of every translation in the repository (`Templates/LOCALE/`,
/// `Content/LOCALE/`): every English template, document, message and question has its counterpart,
/// nothing is left in English, and the numbers a translated policy states are the configured ones,
/// as in the English text.
@Suite struct TranslationTests {
    static let templates = RepositoryPaths.root.appendingPathComponent("Templates")
    static let content = RepositoryPaths.root.appendingPathComponent("Content")
    /// Shared by every language: machine-read files, the stylesheet, and the pages a robot reads.
    static let shared: Set<String> = ["site/sitemap.mustache", "site/robots.mustache"]

    /// The translations the repository has: German at least, since Vouch ships complete in it.
    static func locales() throws -> [String] {
        let found = try FileManager.default.contentsOfDirectory(atPath: templates.path)
            .filter { SiteSettings.isLocaleTag($0) }.sorted()
        #expect(found.contains("de"))
        return found
    }

    /// Every file under `folder`, relative, translation folders left out.
    static func englishFiles(_ folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            guard !isDirectory.boolValue, let first = path.split(separator: "/").first else { continue }
            if path.contains("/"), SiteSettings.isLocaleTag(String(first)) { continue }
            files.append(path)
        }
        return files.sorted()
    }

    /// The translatable English files: templates and messages, documents and the question bank.
    static func translatable() -> [(folder: URL, path: String)] {
        let templateFiles = englishFiles(templates).filter {
            !$0.hasPrefix("site/assets/") && !shared.contains($0)
        }
        return templateFiles.map { (templates, $0) } + englishFiles(content).map { (content, $0) }
    }

    static func text(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every `{{…}}` tag of a template, sorted: a translation may move tags, not change them.
    static func tags(_ text: String) -> [String] {
        var tags: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            var end = close.upperBound
            if rest[end...].hasPrefix("}") { end = rest.index(after: end) }
            tags.append(String(rest[open.lowerBound..<end]))
            rest = rest[end...]
        }
        return tags.sorted()
    }

    /// Lines of English prose: at least six words of letters, outside code blocks and indented code.
    static func proseLines(_ text: String) -> Set<String> {
        var lines: Set<String> = []
        var inCode = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            if inCode || line.hasPrefix("    ") || line.hasPrefix("\t") { continue }
            // What a reader sees: without HTML tags, Mustache tags and link targets.
            let visible = line.replacing(#/<[^>]*>|\{\{[^}]*\}\}\}?|\]\([^)]*\)/#, with: " ")
            let words = String(visible).split { !$0.isLetter }.filter { $0.count > 1 }.map(String.init)
            if words.count >= 6 { lines.insert(words.joined(separator: " ")) }
        }
        return lines
    }

    @Test func everyEnglishFileHasItsTranslation() throws {
        for locale in try Self.locales() {
            for (folder, path) in Self.translatable() {
                let translated = folder.appendingPathComponent("\(locale)/\(path)")
                #expect(
                    FileManager.default.fileExists(atPath: translated.path),
                    "\(folder.lastPathComponent)/\(path) has no \(locale) translation"
                )
            }
            // Nothing only the translation has: every page has its English original to fall back to
            // (the reasons' English is in the sources).
            for folder in [Self.templates, Self.content] {
                for path in Self.englishFiles(folder.appendingPathComponent(locale)) where path != "reasons.txt" {
                    #expect(
                        FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path),
                        "\(folder.lastPathComponent)/\(locale)/\(path) translates no English file"
                    )
                }
            }
        }
    }

    @Test func noTranslationIsStillEnglish() throws {
        for locale in try Self.locales() {
            for (folder, path) in Self.translatable() {
                guard let translated = try? Self.text(folder, "\(locale)/\(path)") else { continue }
                let english = try Self.text(folder, path)
                let left = Self.proseLines(english).intersection(Self.proseLines(translated))
                #expect(left.isEmpty, "\(locale)/\(path) still has English lines: \(left.sorted().prefix(3))")
                for marker in ["TODO", "FIXME", "TRANSLATE", "[translate", "Lorem ipsum"] {
                    #expect(!translated.contains(marker), "\(locale)/\(path) contains \(marker)")
                }
            }
        }
    }

    @Test func templatesKeepEveryTagAndMessagesEveryKey() throws {
        for locale in try Self.locales() {
            for path in Self.englishFiles(Self.templates)
            where path.hasSuffix(".mustache") && !Self.shared.contains(path) {
                guard let translated = try? Self.text(Self.templates, "\(locale)/\(path)") else { continue }
                #expect(
                    Self.tags(translated) == Self.tags(try Self.text(Self.templates, path)),
                    "\(locale)/\(path) does not have the English template's tags"
                )
                if path.hasPrefix("mail/") {
                    #expect(translated.contains("\nSubject: "), "\(locale)/\(path) has no Subject line")
                }
            }
            let library = TemplateLibrary(directory: Self.templates, embeddedFolder: "Templates", language: locale)
            let messages = try MessageCatalog(library)
            for (key, english) in messages.base {
                let translated = try #require(messages.translated[key], "\(locale)/messages.txt lacks \(key)")
                #expect(
                    MessageCatalog.placeholders(in: translated) == MessageCatalog.placeholders(in: english),
                    "\(locale)/messages.txt: \(key) does not fill in what the English does"
                )
                if key != "language.name", english.split(separator: " ").count > 2 {
                    #expect(translated != english, "\(locale)/messages.txt: \(key) is still English")
                }
            }
        }
    }

    /// The documents rendered with an unusual policy, English beside translation: the same numbers in
    /// the same number, the same headings, and no placeholder left.
    @Test func translatedDocumentsStateTheConfiguredNumbers() throws {
        var configuration = try CAConfiguration(
            name: "Translation Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org"
        )
        configuration.policy.maxAssurancePoints = 140
        configuration.policy.assurerMinPoints = 130
        configuration.policy.challengeTokenDays = 9
        configuration.policy.adultAge = 17
        let site = SiteGlobals(configuration: configuration, now: Date(timeIntervalSince1970: 1_800_000_000))
        let english = try ContentCatalog(
            content: TemplateLibrary(directory: Self.content, embeddedFolder: "Content"),
            site: site
        )
        for locale in try Self.locales() {
            let translated = try ContentCatalog(
                content: TemplateLibrary(directory: Self.content, embeddedFolder: "Content", language: locale),
                site: site,
                prefix: "\(locale)/"
            )
            for document in english.documents {
                let other = try #require(translated.documents.first { $0.source == document.source })
                #expect(other.contentLanguage == nil, "\(locale)/\(document.source) falls back to English")
                #expect(!other.html.contains("{{"), "\(locale)/\(document.source) has a placeholder left")
                #expect(
                    Self.numbers(other.html) == Self.numbers(document.html),
                    "\(locale)/\(document.source) states other numbers than the English: \(Self.difference(Self.numbers(document.html), Self.numbers(other.html)))"
                )
                #expect(
                    other.toc.count == document.toc.count,
                    "\(locale)/\(document.source) has \(other.toc.count) headings, the English \(document.toc.count)"
                )
                #expect(other.version == document.version && other.effective == document.effective)
            }
        }
    }

    @Test func theQuestionBankAsksTheSameQuestionsInEveryLanguage() throws {
        let configuration = try CAConfiguration(
            name: "Translation Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org"
        )
        func bank(_ locale: String?) throws -> ChallengeBank {
            let library = TemplateLibrary(directory: Self.content, embeddedFolder: "Content", language: locale)
            let (text, origin) = try library.text(ChallengeBank.path)
            return try ChallengeBank(text: text, origin: origin, configuration: configuration)
        }
        let english = try bank(nil)
        for locale in try Self.locales() {
            let translated = try bank(locale)
            #expect(translated.questions.map(\.id) == english.questions.map(\.id))
            let catalog = try ContentCatalog(
                content: TemplateLibrary(directory: Self.content, embeddedFolder: "Content", language: locale),
                site: SiteGlobals(configuration: configuration, now: Date())
            )
            for (question, original) in zip(translated.questions, english.questions) {
                #expect(question.answer == original.answer, "\(locale) \(question.id) has another answer")
                #expect(question.options.map(\.letter) == original.options.map(\.letter), "\(question.id)")
                #expect(question.question != original.question, "\(locale) \(question.id) is still English")
                let parts = question.section.split(separator: "#").map(String.init)
                #expect(parts[0] == original.section.split(separator: "#")[0].description, "\(question.id)")
                let document = catalog.documents.first { $0.source == parts[0] }
                #expect(
                    document?.html.contains("id=\"\(parts.last ?? "")\"") == true,
                    "\(locale) \(question.id): \(question.section) is no section of the translated document"
                )
            }
        }
    }

    /// Every reason a member can be told, as the sources write it, has its translation in
    /// `Templates/LOCALE/reasons.txt`, with the same values filled in; and the catalogue holds
    /// nothing the sources no longer say. `VOUCH_REASONS_OUT=FILE` writes the list for a translator.
    @Test func everyReasonAMemberCanBeToldIsTranslated() throws {
        let messages = try ReasonSource.messages(root: RepositoryPaths.root)
        #expect(messages.count > 100)
        if let out = ProcessInfo.processInfo.environment["VOUCH_REASONS_OUT"] {
            try (messages.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        for locale in try Self.locales() {
            let library = TemplateLibrary(directory: Self.templates, embeddedFolder: "Templates", language: locale)
            let catalog = try ReasonCatalog(library)
            let known = Set(catalog.entries.map(\.english))
            for message in messages {
                #expect(known.contains(message), "\(locale)/reasons.txt lacks: \(message)")
            }
            for entry in catalog.entries {
                #expect(
                    messages.contains(entry.english),
                    "\(locale)/reasons.txt translates what no source says: \(entry.english)"
                )
                let words = entry.english.replacing(#/\{\d+\}/#, with: "").contains { $0.isLetter }
                #expect(
                    !words || entry.translated != entry.english,
                    "\(locale)/reasons.txt: still English: \(entry.english)"
                )
            }
        }
    }

    /// Every number of a rendered page (digits, with inner '.' or ',' kept), counted.
    static func numbers(_ html: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        var text = html
        // Tags and their attributes (ids, hrefs) are not what the page states.
        while let open = text.range(of: "<"), let close = text[open.lowerBound...].range(of: ">") {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: " ")
        }
        for token in text.split(whereSeparator: { !$0.isNumber && $0 != "." && $0 != "," && $0 != "-" }) {
            let number = token.split(whereSeparator: { !$0.isNumber }).joined(separator: ".")
            if !number.isEmpty { counts[number, default: 0] += 1 }
        }
        return counts
    }

    static func difference(_ english: [String: Int], _ translated: [String: Int]) -> String {
        Set(english.keys).union(translated.keys).sorted().compactMap { key in
            english[key] == translated[key] ? nil : "\(key): \(english[key] ?? 0) vs \(translated[key] ?? 0)"
        }.joined(separator: ", ")
    }
}

/// The matching of `reasons.txt`: the English text as the key, values carried over and translated
/// in turn, a reason of several parts part by part, and a malformed file refused with its line.
@Suite struct ReasonCatalogTests {
    static func catalog(_ text: String) throws -> ReasonCatalog {
        let folder = try TemporaryDirectory("vouch-reasons")
        try FileManager.default.createDirectory(at: folder.file("xx"), withIntermediateDirectories: true)
        _ = try folder.write("xx/reasons.txt", text)
        return try ReasonCatalog(TemplateLibrary(directory: folder.url, embeddedFolder: "Templates", language: "xx"))
    }

    @Test func reasonsAreTranslatedWithTheirValues() throws {
        let catalog = try Self.catalog(
            """
            # a comment
            the certificate request cannot be read: {1}
            = die Anforderung ist unlesbar: {1}

            the request is {1} bytes, more than a request can be
            = die Anforderung hat {1} Bytes

            {1} is already on your account
            = {1} gehört schon zu Ihrem Konto

            {1} belongs to another account; disputes go to the operator
            = {1} gehört zu einem anderen Konto

            not answered: {1}
            = nicht beantwortet: {1}

            """
        )
        #expect(
            catalog.translate("a@example.org is already on your account") == "a@example.org gehört schon zu Ihrem Konto"
        )
        // The value is itself a reason: translated too.
        #expect(
            catalog.translate(
                "the certificate request cannot be read: the request is 99999 bytes, more than a request can be"
            )
                == "die Anforderung ist unlesbar: die Anforderung hat 99999 Bytes"
        )
        // A whole entry wins over splitting at "; ".
        #expect(
            catalog.translate("b@example.org belongs to another account; disputes go to the operator")
                == "b@example.org gehört zu einem anderen Konto"
        )
        // Parts of a composite reason, each on its own; what no entry knows stays as it was.
        #expect(
            catalog.translate("a@example.org is already on your account; not answered: something new")
                == "a@example.org gehört schon zu Ihrem Konto; nicht beantwortet: something new"
        )
        #expect(catalog.translate("an entirely new reason") == "an entirely new reason")
        // A value is never empty.
        #expect(catalog.translate(" is already on your account") == " is already on your account")
    }

    @Test(
        "A malformed reasons file is refused with its line",
        arguments: [
            ("the name is empty\n\n", ":1: no '= translation'"),
            ("= nur Deutsch\n", ":1: a translation with no English line"),
            ("line {1} of {2}\n= Zeile {1}\n", ":2: the translation fills in [1], the English [1, 2]"),
            ("one\ntwo\n= zwei\n", ":1: no '= translation'"),
        ]
    )
    func malformed(text: String, expected: String) throws {
        #expect {
            _ = try Self.catalog(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func englishNeedsNoCatalogue() throws {
        let catalog = try ReasonCatalog(TemplateLibrary(directory: nil, embeddedFolder: "Templates"))
        #expect(catalog.entries.isEmpty)
        #expect(catalog.translate("the name is empty") == "the name is empty")
    }
}

/// `messages.txt`: `key = text` lines, English as the fallback of every key, and a translation that
/// names a key English lacks (a typo) refused with its file.
@Suite struct MessageCatalogTests {
    static func catalog(english: String, translated: String?) throws -> MessageCatalog {
        let folder = try TemporaryDirectory("vouch-messages")
        _ = try folder.write("messages.txt", english)
        if let translated {
            try FileManager.default.createDirectory(at: folder.file("xx"), withIntermediateDirectories: true)
            _ = try folder.write("xx/messages.txt", translated)
        }
        return try MessageCatalog(TemplateLibrary(directory: folder.url, embeddedFolder: "Templates", language: "xx"))
    }

    @Test func aTranslationFallsBackKeyByKey() throws {
        let catalog = try Self.catalog(
            english: "# words\nmail.robotName = {caName} robot\npage.title = Statistics\n",
            translated: "mail.robotName = {caName}-Robot\n"
        )
        #expect(catalog.text("mail.robotName", ["caName": "Vouch"]) == "Vouch-Robot")
        #expect(catalog.text("page.title") == "Statistics")
        #expect(catalog.text("no.such.key") == "no.such.key")
        #expect(MessageCatalog.placeholders(in: "{certificate} for {names}") == ["certificate", "names"])
    }

    @Test(
        "A malformed catalogue is refused with its line",
        arguments: [
            ("a = b\nno equals sign\n", nil, "messages.txt:2: expected 'key = text'"),
            ("a = b\na = c\n", nil, "messages.txt:2: 'a' is set twice"),
            ("bad key! = b\n", nil, "messages.txt:1: 'bad key!' is not a key"),
            ("a = b\n", "a = x\nb = y\n", "Templates/xx/messages.txt: 'b' is not a key of Templates/messages.txt"),
        ] as [(String, String?, String)]
    )
    func malformed(english: String, translated: String?, expected: String) throws {
        #expect {
            _ = try Self.catalog(english: english, translated: translated)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
