import Authority
import Foundation
import PKI
import Store

/// One run of `SiteBuilder.build()`: the parsed templates and content, the last build's state,
/// and the staging folder the changes go into.
final class SiteBuild {
    let builder: SiteBuilder
    let authority: CertificateAuthority
    let publisher: SitePublisher
    let state: SiteState
    /// The last build, when its record matches the site on disk.
    let last: SiteState.Build?
    let oldPages: [String: String]
    var newPages: [String: String] = [:]
    var report = SiteBuilder.Report()
    let site: SiteGlobals
    /// Every configured language, the default first.
    let languages: [LanguageBuild]
    /// Templates, content and configuration: when it changes every page is checked again.
    let fingerprint: String
    let today: String

    init(builder: SiteBuilder) throws {
        self.builder = builder
        authority = builder.authority
        site = SiteGlobals(configuration: authority.configuration, now: builder.now)
        // Everything that can fail on bad input is parsed before the first file is staged.
        let globals = site
        languages = try authority.configuration.site.locales.map {
            try LanguageBuild(locale: $0, builder: builder, site: globals)
        }
        var hasher = ContentHasher()
        for language in languages {
            hasher.add(language.renderer.fingerprint)
            hasher.add(language.catalog.fingerprint)
            hasher.add(language.messages.fingerprint)
            hasher.add(language.reasons.fingerprint)
        }
        hasher.add(site.fingerprint)
        fingerprint = hasher.hex
        today = SiteDates.day(builder.now)
        publisher = try SitePublisher(output: builder.output)
        state = SiteState(data: authority.directory, output: builder.output)
        last = state.lastBuild(output: builder.output)
        oldPages = last == nil ? [:] : state.pages()
    }

    /// The language of a member's status page: theirs if the site has it, else the default.
    func language(of member: Member) -> LanguageBuild {
        languages.first { $0.language.tag == member.language } ?? languages[0]
    }

    /// The languages that have a page at `path` (within each language's part of the site).
    func languages(having path: String) -> [SiteLanguage] {
        languages.filter { $0.outputs.contains(path) }.map(\.language)
    }

    func run() throws {
        let auditSeq = try authority.store.auditHeadSeq()
        let members = try buildMemberPages()
        let statistics = try authority.store.statistics()
        try buildRoots()
        try buildContentPages(statistics: statistics)
        try buildStatistics(statistics, members: members)
        try buildFurniture()
        // Root bundles (issue 10) and signed audit checkpoints, kept in the data directory, are
        // published with the site, in the same atomic swap.
        try copyPublished(authority.directory.bundles, as: "bundles")
        try copyPublished(authority.directory.auditCheckpoints, as: "audit")
        for path in oldPages.keys.sorted() where newPages[path] == nil {
            try publisher.remove(path)
            report.removed += 1
        }
        let buildID: String
        if let last, !publisher.hasChanges {
            buildID = last.buildID
        } else {
            buildID = UUID().uuidString.lowercased()
            try publisher.write(Array("\(buildID)\n".utf8), to: SiteState.markerName)
        }
        try publisher.publish()
        try state.save(
            SiteState.Build(
                buildID: buildID,
                auditSeq: auditSeq,
                day: today,
                fingerprint: fingerprint,
                pointsHistogram: members.histogram,
                assurers: members.assurers
            ),
            pages: newPages,
            newMembers: members.newState
        )
    }

    /// Copies a folder the jobs publish (bundle releases, audit checkpoints) into the site under
    /// `prefix`. Files inside release folders and numbered checkpoints never change once written, so
    /// one of the same size already in the site is left unread; the top-level indexes (latest.json,
    /// feed.atom, index.html) are compared byte for byte. Hidden files (a release being made) are not
    /// published, and nothing is removed: every release is kept.
    func copyPublished(_ source: URL, as prefix: String) throws {
        guard let walker = FileManager.default.enumerator(atPath: source.path) else { return }
        while let path = walker.nextObject() as? String {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                walker.skipDescendants()
                continue
            }
            let from = source.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: from.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let target = builder.output.appendingPathComponent(prefix).appendingPathComponent(path)
            let immutable = path.contains("/") || path.hasPrefix("checkpoint-")
            if immutable, let size = Self.size(target), size == Self.size(from) {
                report.unchanged += 1
                continue
            }
            guard let data = FileManager.default.contents(atPath: from.path) else {
                throw SiteError(.output, "\(from.path) cannot be read")
            }
            if Self.fileEquals(target, Array(data)) {
                report.unchanged += 1
                continue
            }
            try publisher.write(Array(data), to: "\(prefix)/\(path)")
            report.written += 1
        }
    }

    private static func size(_ url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
    }

    /// Puts one public file into the site unless it is already there with these bytes.
    func emit(_ path: String, _ bytes: [UInt8]) throws {
        var hasher = ContentHasher()
        hasher.add(bytes)
        let hash = hasher.hex
        newPages[path] = hash
        if last != nil, oldPages[path] == hash {
            report.unchanged += 1
        } else if last == nil, Self.fileEquals(builder.output.appendingPathComponent(path), bytes) {
            report.unchanged += 1
        } else {
            try publisher.write(bytes, to: path)
            report.written += 1
        }
    }

    func emit(_ path: String, _ text: String) throws { try emit(path, Array(text.utf8)) }

    static func fileEquals(_ url: URL, _ bytes: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: url.path) else { return false }
        return data.count == bytes.count && Array(data) == bytes
    }
}

/// One language's templates, documents and messages, parsed once per build.
struct LanguageBuild {
    let language: SiteLanguage
    let renderer: PageRenderer
    let catalog: ContentCatalog
    let messages: MessageCatalog
    let reasons: ReasonCatalog
    /// Every page this language has, by its path within the language's part of the site.
    let outputs: Set<String>

    init(locale: String, builder: SiteBuilder, site: SiteGlobals) throws {
        let settings = builder.authority.configuration.site
        let folder = SiteSettings.translationFolder(locale)
        let templates = builder.templates.translated(to: folder)
        if folder != nil, !templates.isTranslated("messages.txt") {
            throw SiteError(
                .missingFile,
                "config.toml names the locale '\(locale)', which has no translation: add Templates/\(locale)/messages.txt "
                    + "(the README says how to add a language), or take '\(locale)' out of [site] locales"
            )
        }
        messages = try MessageCatalog(templates)
        reasons = try ReasonCatalog(templates)
        language = SiteLanguage(tag: locale, prefix: settings.sitePrefix(locale), name: messages.text("language.name"))
        renderer = try PageRenderer(templates: templates, site: site)
        catalog = try ContentCatalog(
            content: builder.content.translated(to: folder),
            site: site,
            prefix: language.prefix
        )
        outputs = Set(
            SiteBuild.fixedPages + catalog.documents.filter { $0.source != "index.md" && !$0.isIndex }.map(\.output)
        )
    }

    /// A page's layout data, with the same page in every other language that has it.
    func meta(_ title: String, _ description: String, path: String, section: String, build: SiteBuild) -> PageMeta {
        PageMeta(
            title: title,
            description: description,
            path: path,
            section: section,
            language: language,
            alternates: build.languages(having: path),
            baseURL: build.site.baseURL
        )
    }
}
