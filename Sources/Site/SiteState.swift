import Authority
import Foundation

/// What the last build of one output folder knew, kept in the data directory (never in the served
/// site: it names every member page): the input hash of each page, the audit row it saw last, and
/// the numbers the aggregates need. Member lines are sorted by member id, so a build reads them
/// beside the registry's member cursor, one line at a time.
struct SiteState {
    /// The summary of one build.
    struct Build: Codable, Hashable {
        var buildID: String
        var auditSeq: Int64
        var day: String
        /// Templates, content and configuration together: a change re-checks every page.
        var fingerprint: String
        var pointsHistogram: [Int]
        var assurers: Int
    }

    /// One member's line: `id, status page id, input hash, total points, assurer (0/1)`.
    struct MemberLine: Hashable {
        var id: Int64
        var statusPageID: String
        var hash: String
        var points: Int
        var isAssurer: Bool

        var text: String { "\(id)\t\(statusPageID)\t\(hash)\t\(points)\t\(isAssurer ? 1 : 0)\n" }

        init(id: Int64, statusPageID: String, hash: String, points: Int, isAssurer: Bool) {
            self.id = id
            self.statusPageID = statusPageID
            self.hash = hash
            self.points = points
            self.isAssurer = isAssurer
        }

        init?(_ line: Substring) {
            let parts = line.split(separator: "\t")
            guard parts.count == 5, let id = Int64(parts[0]), let points = Int(parts[3]) else { return nil }
            self.init(
                id: id,
                statusPageID: String(parts[1]),
                hash: String(parts[2]),
                points: points,
                isAssurer: parts[4] == "1"
            )
        }
    }

    let folder: URL

    init(data: DataDirectory, output: URL) {
        var hasher = ContentHasher()
        hasher.add(output.standardizedFileURL.path)
        folder = data.url.appendingPathComponent("site-state").appendingPathComponent(String(hasher.hex.prefix(16)))
    }

    var buildFile: URL { folder.appendingPathComponent("build.json") }
    var pagesFile: URL { folder.appendingPathComponent("pages.tsv") }
    var membersFile: URL { folder.appendingPathComponent("members.tsv") }

    /// The last build, if its marker in the output folder matches (so a site emptied or replaced
    /// by hand is rebuilt from what is on disk rather than trusted).
    func lastBuild(output: URL) -> Build? {
        guard let data = FileManager.default.contents(atPath: buildFile.path),
            let build = try? JSONDecoder().decode(Build.self, from: data),
            let marker = FileManager.default.contents(atPath: output.appendingPathComponent(Self.markerName).path),
            String(decoding: marker, as: UTF8.self) == build.buildID + "\n",
            FileManager.default.fileExists(atPath: membersFile.path)
        else { return nil }
        return build
    }

    /// The marker file in the site: a random build id, nothing else.
    static let markerName = ".vouch-build"

    func pages() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: pagesFile.path) else { return [:] }
        var pages: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2 { pages[String(parts[0])] = String(parts[1]) }
        }
        return pages
    }

    /// Saves a build: the member lines were streamed to `newMembers` already; pages and the summary
    /// replace the old ones, the summary last.
    func save(_ build: Build, pages: [String: String], newMembers: URL?) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let newMembers {
            guard rename(newMembers.path, membersFile.path) == 0 else {
                throw SiteError(.output, "cannot save \(membersFile.path): \(String(cString: strerror(errno)))")
            }
        }
        try AtomicFile.write(
            pages.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined(),
            to: pagesFile,
            mode: 0o600
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(Array(try encoder.encode(build)), to: buildFile, mode: 0o600)
    }
}

/// Reads a file line by line with a fixed buffer: memory stays flat however long the file is.
final class LineReader {
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    init(_ url: URL) {
        handle = FileHandle(forReadingAtPath: url.path)
        finished = handle == nil
    }

    deinit { try? handle?.close() }

    func next() -> Substring? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[position..<newline], as: UTF8.self)
                position = newline + 1
                return line[...]
            }
            if finished {
                guard position < buffer.count else { return nil }
                let line = String(decoding: buffer[position...], as: UTF8.self)
                position = buffer.count
                return line[...]
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle?.readData(ofLength: 1 << 16) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}

/// Writes a file through a buffer, for the member lines of a big registry.
final class LineWriter {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw SiteError(.output, "cannot create \(url.path)") }
        self.handle = handle
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}
