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

    /// The template `name` rendered with `model` (and `site`).
    func render<Model: Encodable>(_ name: String, _ model: Model) throws -> String {
        var tree = (try MustacheEncoder.encode(model) as? [String: Any]) ?? [:]
        tree["site"] = siteTree
        return try render(name, tree: tree)
    }

    private func render(_ name: String, tree: [String: Any]) throws -> String {
        try templates.render(name, tree, folder: "site")
    }

    /// An HTML page: `inner` rendered with `model`, inside the layout.
    func page<Model: Encodable>(_ inner: String, _ model: Model, meta: PageMeta) throws -> [UInt8] {
        let content = try render(inner, model)
        let tree: [String: Any] = ["site": siteTree, "page": try MustacheEncoder.encode(meta), "content": content]
        return Array(try render("layout", tree: tree).utf8)
    }
}

/// What the layout needs to know about a page.
struct PageMeta: Codable, Hashable, Sendable {
    var title: String
    var description: String?
    /// `""` at the top, `"../"` one folder down: links stay relative, so the site works from any
    /// folder of any host, and from `file://`.
    var root: String
    /// Member pages: not indexed, no referrer.
    var isPrivate = false
    var inHome = false
    var inRoots = false
    var inPolicies = false
    var inHelp = false
    var inStatistics = false
    var inNews = false

    init(title: String, description: String, path: String, section: String) {
        self.title = title
        self.description = description.isEmpty ? nil : description
        root = String(repeating: "../", count: path.split(separator: "/").count - 1)
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
