import Authority
import Foundation
import Store

struct DocumentModel: Encodable {
    var document: ContentDocument
    var hasTOC: Bool
    var hasVersions: Bool
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
    /// The home page, every document of `Content/` and the section indexes.
    func buildContentPages(statistics: RegistryStatistics) throws {
        for document in catalog.documents where document.source != "index.md" && !document.isIndex {
            let section = document.section.isEmpty ? "home" : document.section
            try emit(
                document.output,
                try renderer.page(
                    "document",
                    DocumentModel(
                        document: document,
                        hasTOC: document.toc.count > 2,
                        hasVersions: document.versions.count > 1
                    ),
                    meta: PageMeta(
                        title: document.title,
                        description: document.summary ?? "",
                        path: document.output,
                        section: section
                    )
                )
            )
        }
        for (section, title) in [("policies", "Policies"), ("help", "Help"), ("news", "News")] {
            let items = section == "news" ? catalog.news : catalog.section(section)
            let intro = catalog.documents.first { $0.source == "\(section)/index.md" }
            try emit(
                "\(section)/index.html",
                try renderer.page(
                    "section",
                    SectionModel(
                        title: intro?.title ?? title,
                        intro: intro?.html ?? "",
                        items: items,
                        isPolicies: section == "policies",
                        isHelp: section == "help",
                        isNews: section == "news"
                    ),
                    meta: PageMeta(
                        title: intro?.title ?? title,
                        description: intro?.summary ?? "",
                        path: "\(section)/index.html",
                        section: section
                    )
                )
            )
        }
        let home = catalog.documents.first { $0.source == "index.md" }!
        try emit(
            "index.html",
            try renderer.page(
                "home",
                HomeModel(
                    body: home.html,
                    statistics: statistics,
                    news: Array(catalog.news.prefix(3)),
                    hasNews: !catalog.news.isEmpty,
                    policies: catalog.section("policies")
                ),
                meta: PageMeta(title: home.title, description: home.summary ?? "", path: "index.html", section: "home")
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
        let model = StatisticsModel(
            statistics: statistics,
            assurers: members.assurers,
            assuranceCount: statistics.assurancesPerMonth.map(\.count).reduce(0, +),
            certificateCount: statistics.certificatesPerMonth.map(\.count).reduce(0, +),
            revocationCount: statistics.revocationsByReason.map(\.count).reduce(0, +),
            assurancesChart: BarChart(
                rows: statistics.assurancesPerMonth.map { (label: $0.month, values: [$0.count]) },
                series: ["assurances"]
            ),
            certificatesChart: BarChart(rows: certificateRows, series: profiles),
            revocationsChart: BarChart(
                rows: statistics.revocationsByReason.map {
                    (label: $0.key.isEmpty ? "none stated" : $0.key, values: [$0.count])
                },
                series: ["revocations"]
            ),
            pointsChart: BarChart(rows: pointsRows, series: ["members"])
        )
        try emit(
            "statistics.html",
            try renderer.page(
                "statistics",
                model,
                meta: PageMeta(
                    title: "Statistics",
                    description: "Members, verifications, assurances and certificates in numbers",
                    path: "statistics.html",
                    section: "statistics"
                )
            )
        )
    }

    /// 404 page, stylesheet, `robots.txt`, `sitemap.xml`, the Atom feed and the blank page that
    /// keeps `members/` from being listed.
    func buildFurniture() throws {
        try emit(
            "404.html",
            try renderer.page(
                "not-found",
                NoModel(),
                meta: PageMeta(title: "Page not found", description: "", path: "404.html", section: "")
            )
        )
        var membersMeta = PageMeta(title: "Member pages", description: "", path: "members/index.html", section: "")
        membersMeta.isPrivate = true
        try emit(
            "members/index.html",
            try renderer.page("members-index", NoModel(), meta: membersMeta)
        )
        for asset in builder.templates.paths(under: "site/assets") {
            guard let file = builder.templates.file(asset) else { continue }
            try emit(String(asset.dropFirst("site/assets/".count)), file.bytes)
        }
        try emit("robots.txt", try renderer.render("robots", NoModel()))
        let pages =
            [
                "index.html", "roots.html", "statistics.html", "policies/index.html", "help/index.html",
                "news/index.html",
            ]
            + catalog.documents.filter { $0.source != "index.md" && !$0.isIndex }.map(\.output)
        try emit(
            "sitemap.xml",
            try renderer.render(
                "sitemap",
                SitemapModel(urls: pages.sorted().map { "\(site.baseURL)/\($0)" })
            )
        )
        let entries = catalog.news.map { item in
            FeedEntry(
                title: item.title,
                url: "\(site.baseURL)/\(item.output)",
                id: "\(site.baseURL)/\(item.output)",
                updated: "\(item.date ?? "1970-01-01")T00:00:00Z",
                summary: item.summary,
                html: item.html
            )
        }
        try emit(
            "feed.xml",
            try renderer.render(
                "feed",
                FeedModel(updated: entries.first?.updated ?? "1970-01-01T00:00:00Z", entries: entries)
            )
        )
    }
}
