import Authority
import Foundation
import PKI
import Store

/// What points at the releases from `bundles/`: `latest.json` for scripts (version, URLs and the
/// SHA-256 of every file of the newest release), `index.html` for people, and `feed.atom` with an
/// entry per release. Derived from the registry and the release files; rewritten only when changed.
struct ReleaseIndex {
    let authority: CertificateAuthority
    /// Oldest first.
    let releases: [BundleRelease]

    private var baseURL: String { "\(authority.configuration.baseURL)/bundles" }

    func write(into root: URL) throws {
        guard let latest = releases.last else { return }
        let files = try Self.files(in: root.appendingPathComponent(latest.version))
        try Self.writeIfChanged(try latestJSON(latest, files: files), to: root.appendingPathComponent("latest.json"))
        try Self.writeIfChanged(Array(page(latest, files: files).utf8), to: root.appendingPathComponent("index.html"))
        try Self.writeIfChanged(Array(feed().utf8), to: root.appendingPathComponent("feed.atom"))
    }

    private func latestJSON(_ latest: BundleRelease, files: [(path: String, sha256: String)]) throws -> [UInt8] {
        let releaseURL = "\(baseURL)/\(latest.version)"
        let object: [String: Any] = [
            "version": latest.version,
            "released": ChangeLog.timestamp(latest.releasedAt),
            "url": "\(releaseURL)/",
            "tarball": [
                "url": "\(releaseURL)/\(latest.version).tar.gz", "sha256": latest.tarballSHA256,
            ],
            "checksums": "\(releaseURL)/\(ReleaseContents.checksums)",
            "signature": "\(releaseURL)/\(ReleaseContents.signature)",
            "files": files.map { ["path": $0.path, "url": "\(releaseURL)/\($0.path)", "sha256": $0.sha256] },
            "releases": releases.reversed().map(\.version),
        ]
        let data = try JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
        return Array(data) + [0x0A]
    }

    private func page(_ latest: BundleRelease, files: [(path: String, sha256: String)]) -> String {
        let name = escaped(authority.configuration.name)
        let version = escaped(latest.version)
        let rows = files.map { file -> String in
            "<tr><td><a href=\"\(version)/\(escaped(file.path))\">\(escaped(file.path))</a></td><td><code>\(file.sha256)</code></td></tr>"
        }.joined(separator: "\n")
        let older = releases.reversed().dropFirst().map { release -> String in
            "<li><a href=\"\(escaped(release.version))/\">\(escaped(release.version))</a> (\(ChangeLog.timestamp(release.releasedAt)))</li>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(name) root bundles</title>
            <link rel="alternate" type="application/atom+xml" href="feed.atom" title="\(name) root bundle releases">
            </head>
            <body>
            <h1>\(name) root bundles</h1>
            <p>The newest release is <a href="\(version)/">\(version)</a>
            (\(ChangeLog.timestamp(latest.releasedAt))):
            <a href="\(version)/\(version).tar.gz">tarball</a>,
            <a href="\(version)/\(ReleaseContents.checksums)">SHA256SUMS</a> and its
            <a href="\(version)/\(ReleaseContents.signature)">signature</a>,
            <a href="\(version)/\(ReleaseContents.changes)">CHANGES</a>,
            <a href="latest.json">latest.json</a>, <a href="feed.atom">feed</a>.</p>
            <pre>\(escaped(latest.changes))</pre>
            <table>
            <tr><th>file</th><th>SHA-256</th></tr>
            \(rows)
            </table>
            <h2>Earlier releases</h2>
            <ul>
            \(older.isEmpty ? "<li>none</li>" : older)
            </ul>
            </body>
            </html>

            """
    }

    private func feed() -> String {
        let name = escaped(authority.configuration.name)
        let entries: String = releases.reversed().map { release -> String in
            let url = "\(baseURL)/\(release.version)/"
            return """
                <entry>
                <title>\(escaped(release.version))</title>
                <id>\(escaped(url))</id>
                <link href="\(escaped(url))"/>
                <updated>\(ChangeLog.timestamp(release.releasedAt))</updated>
                <content type="text">\(escaped(release.changes))</content>
                </entry>
                """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(name) root bundle releases</title>
            <id>\(escaped(baseURL))/</id>
            <link rel="self" href="\(escaped(baseURL))/feed.atom"/>
            <link href="\(escaped(baseURL))/"/>
            <author><name>\(name)</name></author>
            <updated>\(ChangeLog.timestamp(releases.last!.releasedAt))</updated>
            \(entries)
            </feed>

            """
    }

    /// The files of a release directory with their SHA-256, sorted by path.
    static func files(in directory: URL) throws -> [(path: String, sha256: String)] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else {
            throw BundleError(.io, "the release directory \(directory.path) is missing")
        }
        var files: [(String, String)] = []
        while let path = walker.nextObject() as? String {
            let url = directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: url.path)
            else { continue }
            files.append((path, Digest.sha256(Array(data)).hex))
        }
        return files.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    static func writeIfChanged(_ bytes: [UInt8], to target: URL) throws {
        if let existing = FileManager.default.contents(atPath: target.path), Array(existing) == bytes { return }
        try AtomicFile.write(bytes, to: target)
    }

    private func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
