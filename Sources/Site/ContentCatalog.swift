import Authority
import Foundation
import Mustache
import Policy

/// One Markdown file of `Content/`, parsed and rendered.
struct ContentDocument: Codable, Hashable {
    struct Version: Codable, Hashable {
        var version: String
        var effective: String
        var href: String
        var isThis: Bool
    }

    struct TOCEntry: Codable, Hashable {
        var id: String
        var html: String
        var isSub: Bool
    }

    /// The path under `Content/`, e.g. `policies/cp.md`.
    var source: String
    /// The page it becomes, e.g. `policies/cp.html`.
    var output: String
    /// `""` (top level), `policies`, `help` or `news`.
    var section: String
    var title: String
    var summary: String?
    var order: Int
    /// Which document this is a version of (policies): the front matter's `document`, else the
    /// file name.
    var document: String
    var version: String?
    var effective: String?
    /// News items: the day they were announced.
    var date: String?
    var html: String
    var toc: [TOCEntry]
    /// `SECTION/index.md`: the introduction of a section's index page, not a page of its own.
    var isIndex: Bool
    var versions: [Version] = []
    var isCurrent = true
    /// The current version's page, from an older one.
    var currentHref: String?
    /// The language of the text when it is not the page's: an English document shown in a
    /// translation that lacks it.
    var contentLanguage: String?
}

/// Every page of `Content/` in one language: front matter checked, Markdown rendered after its
/// `{{policy…}}` numbers were filled in from the configuration. A document the translation lacks is
/// the English one. `{{assets}}` in a document is the way from its page to the top of the site,
/// where the files every language shares are (`{{assets}}bundles/`).
struct ContentCatalog {
    let documents: [ContentDocument]
    let fingerprint: String

    /// `prefix` is where the language's pages are in the site: "" or `de/`.
    init(content: TemplateLibrary, site: SiteGlobals, prefix: String = "") throws {
        var documents: [ContentDocument] = []
        let siteTree = try MustacheEncoder.encode(site)
        for path in content.paths() where path.hasSuffix(".md") {
            var document = try Self.load(path, from: content, site: site, siteTree: siteTree, prefix: prefix)
            if content.language != nil, !content.isTranslated(path) {
                document.contentLanguage = SiteSettings.baseLocale
            }
            documents.append(document)
        }
        documents = Self.linkVersions(documents)
        guard documents.contains(where: { $0.source == "index.md" }) else {
            throw SiteError(.missingFile, "the home page Content/index.md is missing")
        }
        self.documents = documents
        fingerprint = content.fingerprint()
    }

    func section(_ name: String) -> [ContentDocument] {
        documents.filter { $0.section == name && $0.isCurrent && !$0.isIndex }.sorted {
            ($0.order, $0.title) < ($1.order, $1.title)
        }
    }

    var news: [ContentDocument] {
        documents.filter { $0.section == "news" && !$0.isIndex }.sorted {
            ($0.date ?? "", $0.source) > ($1.date ?? "", $1.source)
        }
    }

    private static func load(
        _ path: String,
        from content: TemplateLibrary,
        site: SiteGlobals,
        siteTree: Any,
        prefix: String
    ) throws -> ContentDocument {
        let (text, origin) = try content.text(path)
        let front = try FrontMatter(parsing: text, origin: origin)
        let parts = path.split(separator: "/")
        let section = parts.count > 1 ? String(parts[0]) : ""
        guard parts.count <= 2, ["", "policies", "help", "news"].contains(section) else {
            throw SiteError(
                .malformedInput,
                "\(origin): Content/ holds pages at the top and in policies/, help/ and news/ only"
            )
        }
        let stem = String(parts.last!.dropLast(3))
        guard !stem.isEmpty, stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw SiteError(.malformedInput, "\(origin): page names are letters, digits, '-' and '.'")
        }
        let title = try front.require("title", origin: origin)
        let order = try front["order"].map { value -> Int in
            guard let number = Int(value) else {
                throw SiteError(.malformedInput, "\(origin): 'order: \(value)' is not a whole number")
            }
            return number
        }
        let effective = try front.day("effective", origin: origin)
        let date = try front.day("date", origin: origin)
        if section == "policies", stem != "index" {
            _ = try front.require("version", origin: origin)
            guard effective != nil else {
                throw SiteError(.malformedInput, "\(origin):1: a policy document needs 'effective: YYYY-MM-DD'")
            }
        }
        if section == "news", stem != "index", date == nil {
            throw SiteError(.malformedInput, "\(origin):1: an announcement needs 'date: YYYY-MM-DD'")
        }
        // Numbers first (Mustache over the Markdown), then Markdown to HTML.
        let template = try TemplateSet.parse(front.body, origin: origin, lineOffset: front.bodyLine - 1)
        let depth = (prefix + path).split(separator: "/").count - 1
        let html = Markdown.html(
            template.render([
                "site": siteTree, "policy": try MustacheEncoder.encode(site.policy),
                "assets": String(repeating: "../", count: depth),
            ])
        )
        return ContentDocument(
            source: path,
            output: section.isEmpty ? "\(stem).html" : "\(section)/\(stem).html",
            section: section,
            title: title,
            summary: front["summary"].flatMap { $0.isEmpty ? nil : $0 },
            order: order ?? 100,
            document: front["document"] ?? stem,
            version: front["version"],
            effective: effective,
            date: date,
            html: html,
            toc: Markdown.headings(in: html).map {
                ContentDocument.TOCEntry(id: $0.id, html: $0.html, isSub: $0.level == 3)
            },
            isIndex: section != "" && stem == "index"
        )
    }

    /// Groups versions of one document; the latest effective one is current, the others link to it.
    private static func linkVersions(_ documents: [ContentDocument]) -> [ContentDocument] {
        var result = documents
        let groups = Dictionary(grouping: documents.indices.filter { documents[$0].section == "policies" }) {
            documents[$0].document
        }
        for (_, indices) in groups {
            let ordered = indices.sorted { (documents[$0].effective ?? "") > (documents[$1].effective ?? "") }
            let current = ordered[0]
            for index in indices {
                result[index].isCurrent = index == current
                result[index].currentHref = index == current ? nil : Self.fileName(documents[current].output)
                result[index].versions = ordered.map {
                    ContentDocument.Version(
                        version: documents[$0].version ?? "",
                        effective: documents[$0].effective ?? "",
                        href: Self.fileName(documents[$0].output),
                        isThis: $0 == index
                    )
                }
            }
        }
        return result
    }

    private static func fileName(_ output: String) -> String { String(output.split(separator: "/").last!) }
}
