import Authority
import Foundation
import Store

extension SiteBuild {
    /// What the member pass leaves for the aggregates and the next build.
    struct MemberPass {
        /// Members by total points, in tens: 0–9, 10–19, … (the last bucket holds the maximum).
        var histogram: [Int]
        var assurers: Int
        /// The new member lines, to replace the state's when the site is published; nil when the
        /// old lines still hold.
        var newState: URL?
    }

    static let histogramBuckets = 16

    /// One page per member at `members/STATUS-ID.html`: an unguessable capability URL (128 random
    /// bits, rotated by `status@`), not indexed, not listed, without the date of birth. Streams the
    /// registry beside the last build's member lines, so memory stays flat however many members
    /// there are; when the audit log names the members that changed, only they are read.
    func buildMemberPages() throws -> MemberPass {
        let store = authority.store
        var everyone = last == nil || last?.fingerprint != fingerprint || last?.day != today
        var changed: Set<Int64> = []
        if let last, !everyone {
            try store.forEachAuditTouch(after: last.auditSeq) { touch in
                if !touch.understood { everyone = true }
                changed.formUnion(touch.members)
            }
            if !everyone, changed.isEmpty {
                report.unchanged += last.pointsHistogram.reduce(0, +)
                return MemberPass(histogram: last.pointsHistogram, assurers: last.assurers, newState: nil)
            }
        }
        var histogram = [Int](repeating: 0, count: Self.histogramBuckets)
        var assurers = 0
        func count(_ line: SiteState.MemberLine) {
            histogram[min(Self.histogramBuckets - 1, max(0, line.points / 10))] += 1
            if line.isAssurer { assurers += 1 }
        }
        let reader = last == nil ? nil : LineReader(state.membersFile)
        var old = reader?.next().flatMap(SiteState.MemberLine.init)
        let writer = try LineWriter(state.folder.appendingPathComponent("members.tsv.new"))
        let total = builder.progress == nil ? 0 : try store.statistics().members
        var done = 0
        let pool = RenderPool()
        try store.forEachMember { member in
            while let stale = old, stale.id < member.id {
                try removeMemberPage(stale.statusPageID)
                old = reader?.next().flatMap(SiteState.MemberLine.init)
            }
            var previous: SiteState.MemberLine?
            if let candidate = old, candidate.id == member.id {
                previous = candidate
                old = reader?.next().flatMap(SiteState.MemberLine.init)
            }
            done += 1
            if done % 1000 == 0 { builder.progress?(done, total) }
            let pages = Self.pageKey(member)
            if !everyone, let previous, !changed.contains(member.id), previous.statusPageID == pages {
                try writer.write(previous.text)
                count(previous)
                report.unchanged += 1
                return
            }
            report.membersChecked += 1
            let language = language(of: member)
            let page = try MemberPage(
                member: member,
                authority: authority,
                now: builder.now,
                language: language.language.tag
            ).translated(language.reasons)
            let line = SiteState.MemberLine(
                id: member.id,
                statusPageID: pages,
                hash: page.hash(fingerprint: fingerprint),
                points: page.points.total,
                isAssurer: page.privileges.isAssurer
            )
            try writer.write(line.text)
            count(line)
            if let previous, previous.statusPageID != pages {
                try removeMemberPage(previous.statusPageID, keeping: pages)
            }
            if let previous, previous.hash == line.hash, previous.statusPageID == pages {
                report.unchanged += 1
                return
            }
            let paths = pages.split(separator: "+").map { "members/\($0).html" }
            let renderer = language.renderer
            let publisher = publisher
            let meta = memberMeta(paths[0], language)
            let compareWith = last == nil ? paths.map { builder.output.appendingPathComponent($0) } : nil
            try pool.submit {
                let bytes = try renderer.page("member", MemberModel(member: page), meta: meta)
                if let compareWith, compareWith.allSatisfy({ Self.fileEquals($0, bytes) }) { return false }
                for path in paths { try publisher.write(bytes, to: path) }
                return true
            }
        }
        try pool.finish()
        report.written += pool.written
        report.unchanged += pool.unchanged
        while let stale = old {
            try removeMemberPage(stale.statusPageID)
            old = reader?.next().flatMap(SiteState.MemberLine.init)
        }
        if total > 0 { builder.progress?(total, total) }
        try writer.close()
        if last == nil { try removeUnknownMemberPages() }
        return MemberPass(histogram: histogram, assurers: assurers, newState: writer.url)
    }

    /// A status page is at the top of the site in every language; its links lead into its language.
    private func memberMeta(_ path: String, _ language: LanguageBuild) -> PageMeta {
        var meta = PageMeta(
            title: language.messages.text("page.member.title"),
            description: "",
            path: path,
            section: "member",
            language: SiteLanguage(tag: language.language.tag, prefix: "", name: language.language.name)
        )
        meta.root = meta.assets + language.language.prefix
        meta.isPrivate = true
        return meta
    }

    /// The pages a member has: the current status page and, until the member retires it after a
    /// `status@`, the previous one (the same page at both addresses), as the state file records them.
    static func pageKey(_ member: Member) -> String {
        member.statusPageID + (member.previousStatusPageID.map { "+\($0)" } ?? "")
    }

    /// Removes the pages of a state entry, but those `keeping` still names.
    private func removeMemberPage(_ pages: String, keeping: String = "") throws {
        let kept = Set(keeping.split(separator: "+"))
        for id in pages.split(separator: "+") where !kept.contains(id) {
            let path = "members/\(id).html"
            guard FileManager.default.fileExists(atPath: builder.output.appendingPathComponent(path).path) else {
                continue
            }
            try publisher.remove(path)
            report.removed += 1
        }
    }

    /// Without a trusted record of the last build, pages on disk whose id no member has any more
    /// (rotated links) are found by asking the registry about each.
    private func removeUnknownMemberPages() throws {
        let folder = builder.output.appendingPathComponent("members")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasSuffix(".html") && name != "index.html" {
            let id = String(name.dropLast(5))
            if try authority.store.member(byStatusPageID: id) == nil {
                try publisher.remove("members/\(name)")
                report.removed += 1
            }
        }
    }
}

struct MemberModel: Encodable {
    var member: MemberPage
}
