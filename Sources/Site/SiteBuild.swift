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
    let renderer: PageRenderer
    let catalog: ContentCatalog
    /// Templates, content and configuration: when it changes every page is checked again.
    let fingerprint: String
    let today: String

    init(builder: SiteBuilder) throws {
        self.builder = builder
        authority = builder.authority
        site = SiteGlobals(configuration: authority.configuration, now: builder.now)
        // Everything that can fail on bad input is parsed before the first file is staged.
        renderer = try PageRenderer(templates: builder.templates, site: site)
        catalog = try ContentCatalog(content: builder.content, site: site)
        var hasher = ContentHasher()
        hasher.add(renderer.fingerprint)
        hasher.add(catalog.fingerprint)
        hasher.add(site.fingerprint)
        fingerprint = hasher.hex
        today = SiteDates.day(builder.now)
        publisher = try SitePublisher(output: builder.output)
        state = SiteState(data: authority.directory, output: builder.output)
        last = state.lastBuild(output: builder.output)
        oldPages = last == nil ? [:] : state.pages()
    }

    func run() throws {
        let auditSeq = try authority.store.auditHeadSeq()
        let members = try buildMemberPages()
        let statistics = try authority.store.statistics()
        try buildRoots()
        try buildContentPages(statistics: statistics)
        try buildStatistics(statistics, members: members)
        try buildFurniture()
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
