import Foundation
import Mustache

/// The page templates (`site/*.mustache`), parsed once, with the layout every HTML page is wrapped
/// in and the partials (`{{> nav}}`, `{{> footer}}`) they share.
struct PageRenderer: @unchecked Sendable {
    // @unchecked: `siteTree` is built once in `init` and only read afterwards.
    let templates: TemplateSet
    /// A SHA-256 over every template and asset: part of each page's input hash.
    var fingerprint: String { templates.fingerprint }
    /// The CA's names and numbers, encoded once and given to every template as `site`.
    let siteTree: Any

    init(templates library: TemplateLibrary, site: SiteGlobals) throws {
        siteTree = try MustacheEncoder.encode(site)
        templates = try TemplateSet(library, folder: "site")
        for required in ["layout", "document", "section", "roots", "member", "statistics", "home", "not-found"]
        where !templates.contains(required) {
            throw SiteError(.missingFile, "the page template site/\(required).mustache is missing")
        }
    }

    /// The template `name` rendered with `model` (and `site`, and `page` for a page's own template,
    /// whose links need the way to the top: `{{page.root}}`, `{{page.assets}}`).
    func render<Model: Encodable>(_ name: String, _ model: Model, page: Any? = nil) throws -> String {
        var tree = (try MustacheEncoder.encode(model) as? [String: Any]) ?? [:]
        tree["site"] = siteTree
        if let page { tree["page"] = page }
        return try render(name, tree: tree)
    }

    private func render(_ name: String, tree: [String: Any]) throws -> String {
        try templates.render(name, tree, folder: "site")
    }

    /// An HTML page: `inner` rendered with `model`, inside the layout.
    func page<Model: Encodable>(_ inner: String, _ model: Model, meta: PageMeta) throws -> [UInt8] {
        let page = try MustacheEncoder.encode(meta)
        let content = try render(inner, model, page: page)
        let tree: [String: Any] = ["site": siteTree, "page": page, "content": content]
        return Array(try render("layout", tree: tree).utf8)
    }
}

/// One language of the site: its tag, where its pages are, and its own name for the switcher.
struct SiteLanguage: Codable, Hashable, Sendable {
    /// `en`, `de`.
    var tag: String
    /// "" for the default language, whose pages are at the top; `de/` for the others.
    var prefix: String
    /// "Deutsch".
    var name: String
}

/// One entry of a page's language switcher and `hreflang` list.
struct PageAlternate: Codable, Hashable, Sendable {
    var lang: String
    var name: String
    /// From this page, relative.
    var href: String
    /// Absolute, as `hreflang` links should be.
    var url: String
    var isCurrent: Bool
}

/// What the layout needs to know about a page.
struct PageMeta: Codable, Hashable, Sendable {
    var title: String
    var description: String?
    /// The way from this page to its language's home: `""` at the top, `"../"` one folder down.
    /// Links stay relative, so the site works from any folder of any host, and from `file://`.
    var root: String
    /// The way from this page to the top of the site, where the files every language shares are
    /// (stylesheet, CA certificates, CRLs, bundles).
    var assets: String
    /// The page's language, for `<html lang>`.
    var lang: String
    /// The language's home as an absolute path, for the 404 page (served at any address).
    var home: String
    /// The same page in every language that has it; empty on private pages.
    var alternates: [PageAlternate] = []
    var hasAlternates = false
    /// The default language's page, for `hreflang="x-default"`.
    var defaultURL: String?
    /// Member pages: not indexed, no referrer.
    var isPrivate = false
    var inHome = false
    var inRoots = false
    var inPolicies = false
    var inHelp = false
    var inStatistics = false
    var inNews = false

    /// A page at `path` within `language`'s part of the site, which `alternates` (every language
    /// that has the page, the default first) also have; `baseURL` makes their absolute addresses.
    init(
        title: String,
        description: String,
        path: String,
        section: String,
        language: SiteLanguage,
        alternates: [SiteLanguage] = [],
        baseURL: String = ""
    ) {
        self.title = title
        self.description = description.isEmpty ? nil : description
        root = String(repeating: "../", count: path.split(separator: "/").count - 1)
        assets = String(repeating: "../", count: (language.prefix + path).split(separator: "/").count - 1)
        lang = language.tag
        home = "/" + language.prefix
        if alternates.count > 1 {
            self.alternates = alternates.map {
                PageAlternate(
                    lang: $0.tag,
                    name: $0.name,
                    href: assets + $0.prefix + path,
                    url: "\(baseURL)/\($0.prefix)\(path)",
                    isCurrent: $0.tag == language.tag
                )
            }
            hasAlternates = true
            defaultURL = self.alternates.first?.url
        }
        inHome = section == "home"
        inRoots = section == "roots"
        inPolicies = section == "policies"
        inHelp = section == "help"
        inStatistics = section == "statistics"
        inNews = section == "news"
    }
}

/// For templates that need nothing but `site`.
struct NoModel: Encodable {}
