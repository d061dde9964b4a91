import Authority
import Foundation
import Store

struct DocumentModel: Encodable {
    var document: ContentDocument
    var hasTOC: Bool
    var hasVersions: Bool
    /// A policy document of a site in more than one language says which text is binding.
    var saysWhichTextBinds: Bool
}

struct SectionModel: Encodable {
    var title: String
    var intro: String
    var items: [ContentDocument]
    var isPolicies: Bool
    var isHelp: Bool
    var isNews: Bool
}

struct HomeModel: Encodable {
    var body: String
    var statistics: RegistryStatistics
    var news: [ContentDocument]
    var hasNews: Bool
    var policies: [ContentDocument]
}

struct StatisticsModel: Encodable {
    var statistics: RegistryStatistics
    var assurers: Int
    var assuranceCount: Int
    var certificateCount: Int
    var revocationCount: Int
    var assurancesChart: BarChart
    var certificatesChart: BarChart
    var revocationsChart: BarChart
    var pointsChart: BarChart
}

struct FeedModel: Encodable {
    var updated: String
    var entries: [FeedEntry]
    var selfURL: String
    var newsURL: String
    var lang: String
}

struct FeedEntry: Encodable {
    var title: String
    var url: String
    var id: String
    var updated: String
    var summary: String?
    var html: String
}

struct SitemapModel: Encodable {
    var urls: [String]
}

extension SiteBuild {
    /// The pages every language has besides its documents.
    static let fixedPages = [
        "index.html", "roots.html", "statistics.html", "policies/index.html", "help/index.html", "news/index.html",
    ]

    /// The home page, every document of `Content/` and the section indexes, in every language.
    func buildContentPages(statistics: RegistryStatistics) throws {
        for language in languages { try buildContentPages(language, statistics: statistics) }
    }

    private func buildContentPages(_ language: LanguageBuild, statistics: RegistryStatistics) throws {
        let catalog = language.catalog
        let prefix = language.language.prefix
        for document in catalog.documents where document.source != "index.md" && !document.isIndex {
            let section = document.section.isEmpty ? "home" : document.section
            try emit(
                prefix + document.output,
                try language.renderer.page(
                    "document",
                    DocumentModel(
                        document: document,
                        hasTOC: document.toc.count > 2,
                        hasVersions: document.versions.count > 1,
                        saysWhichTextBinds: document.section == "policies" && languages.count > 1
                    ),
                    meta: language.meta(
                        document.title,
                        document.summary ?? "",
                        path: document.output,
                        section: section,
                        build: self
                    )
                )
            )
        }
        for section in ["policies", "help", "news"] {
            let items = section == "news" ? catalog.news : catalog.section(section)
            let intro = catalog.documents.first { $0.source == "\(section)/index.md" }
            let title = intro?.title ?? language.messages.text("section.\(section)")
            try emit(
                "\(prefix)\(section)/index.html",
                try language.renderer.page(
                    "section",
                    SectionModel(
                        title: title,
                        intro: intro?.html ?? "",
                        items: items,
                        isPolicies: section == "policies",
                        isHelp: section == "help",
                        isNews: section == "news"
                    ),
                    meta: language.meta(
                        title,
                        intro?.summary ?? "",
                        path: "\(section)/index.html",
                        section: section,
                        build: self
                    )
                )
            )
        }
        let home = catalog.documents.first { $0.source == "index.md" }!
        try emit(
            prefix + "index.html",
            try language.renderer.page(
                "home",
                HomeModel(
                    body: home.html,
                    statistics: statistics,
                    news: Array(catalog.news.prefix(3)),
                    hasNews: !catalog.news.isEmpty,
                    policies: catalog.section("policies")
                ),
                meta: language.meta(home.title, home.summary ?? "", path: "index.html", section: "home", build: self)
            )
        )
    }

    /// `statistics.html`: the counts, and each distribution as an SVG chart with its table.
    func buildStatistics(_ statistics: RegistryStatistics, members: MemberPass) throws {
        let profiles = Array(Set(statistics.certificatesPerMonth.map(\.kind))).sorted()
        let months = Array(Set(statistics.certificatesPerMonth.map(\.month))).sorted()
        let certificateRows = months.map { month in
            (
                label: month,
                values: profiles.map { profile in
                    statistics.certificatesPerMonth.first { $0.month == month && $0.kind == profile }?.count ?? 0
                }
            )
        }
        let pointsRows = members.histogram.enumerated().map { index, count in
            (
                label: index == SiteBuild.histogramBuckets - 1 ? "\(index * 10)+" : "\(index * 10)–\(index * 10 + 9)",
                values: [count]
            )
        }
        for language in languages {
            let messages = language.messages
            let model = StatisticsModel(
                statistics: statistics,
                assurers: members.assurers,
                assuranceCount: statistics.assurancesPerMonth.map(\.count).reduce(0, +),
                certificateCount: statistics.certificatesPerMonth.map(\.count).reduce(0, +),
                revocationCount: statistics.revocationsByReason.map(\.count).reduce(0, +),
                assurancesChart: BarChart(
                    rows: statistics.assurancesPerMonth.map { (label: $0.month, values: [$0.count]) },
                    series: [messages.text("chart.assurances")]
                ),
                certificatesChart: BarChart(rows: certificateRows, series: profiles),
                revocationsChart: BarChart(
                    rows: statistics.revocationsByReason.map {
                        (label: $0.key.isEmpty ? messages.text("chart.noReason") : $0.key, values: [$0.count])
                    },
                    series: [messages.text("chart.revocations")]
                ),
                pointsChart: BarChart(rows: pointsRows, series: [messages.text("chart.members")])
            )
            try emit(
                language.language.prefix + "statistics.html",
                try language.renderer.page(
                    "statistics",
                    model,
                    meta: language.meta(
                        messages.text("page.statistics.title"),
                        messages.text("page.statistics.description"),
                        path: "statistics.html",
                        section: "statistics",
                        build: self
                    )
                )
            )
        }
    }

    /// The 404 page and the Atom feed of each language; once for the whole site the stylesheet,
    /// `robots.txt`, `sitemap.xml` (every page of every language) and the blank page that keeps
    /// `members/` from being listed.
    func buildFurniture() throws {
        let first = languages[0]
        for language in languages {
            // Served at any address, so without alternates: their relative links would lead nowhere.
            let meta = PageMeta(
                title: language.messages.text("page.notFound.title"),
                description: "",
                path: "404.html",
                section: "",
                language: language.language
            )
            try emit(
                language.language.prefix + "404.html",
                try language.renderer.page("not-found", NoModel(), meta: meta)
            )
            try buildFeed(language)
        }
        var membersMeta = PageMeta(
            title: first.messages.text("page.members.title"),
            description: "",
            path: "members/index.html",
            section: "",
            language: first.language
        )
        membersMeta.isPrivate = true
        try emit(
            "members/index.html",
            try first.renderer.page("members-index", NoModel(), meta: membersMeta)
        )
        for asset in builder.templates.paths(under: "site/assets") {
            guard let file = builder.templates.file(asset) else { continue }
            try emit(String(asset.dropFirst("site/assets/".count)), file.bytes)
        }
        try emit("robots.txt", try first.renderer.render("robots", NoModel()))
        let urls = languages.flatMap { language in
            language.outputs.sorted().map { "\(site.baseURL)/\(language.language.prefix)\($0)" }
        }
        try emit("sitemap.xml", try first.renderer.render("sitemap", SitemapModel(urls: urls)))
    }

    private func buildFeed(_ language: LanguageBuild) throws {
        let base = "\(site.baseURL)/\(language.language.prefix)"
        let entries = language.catalog.news.map { item in
            FeedEntry(
                title: item.title,
                url: base + item.output,
                id: base + item.output,
                updated: "\(item.date ?? "1970-01-01")T00:00:00Z",
                summary: item.summary,
                html: item.html
            )
        }
        try emit(
            language.language.prefix + "feed.xml",
            try language.renderer.render(
                "feed",
                FeedModel(
                    updated: entries.first?.updated ?? "1970-01-01T00:00:00Z",
                    entries: entries,
                    selfURL: base + "feed.xml",
                    newsURL: base + "news/index.html",
                    lang: language.language.tag
                )
            )
        )
    }
}
