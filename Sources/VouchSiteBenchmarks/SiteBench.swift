import Authority
import BenchmarkSeed
import Foundation
import GRDB
import Store

#if canImport(Glibc)
import Glibc
#endif

/// `vouch-site-bench`: full site builds at registry sizes up to CAcert's peak, against Debian's Hugo
/// building the same number of pages of similar size in the same run; then a no-change and a
/// one-member-change rebuild. Wall time and peak RSS come from `/usr/bin/time -v` around each
/// build, so both tools are measured the same way. It reports ratios; it asserts nothing.
@main
struct SiteBench {
    struct Options {
        var sizes = [20_000, 100_000, 350_000]
        /// Hugo is run up to this size (it needs several GB at 100,000 pages).
        var hugoMaximum = 100_000
        var work = ".build/benchmarks/site"
        var vouch: String?
        var hugo = "/usr/bin/hugo"
        var json: String?
    }

    struct Measurement: Codable {
        var seconds: Double
        /// User plus system time: steadier than wall time on a shared machine.
        var cpuSeconds: Double
        var peakRSSMegabytes: Double
        var detail: String
    }

    struct Row: Codable {
        var members: Int
        var pages: Int
        var vouchFull: Measurement
        var vouchNoChange: Measurement
        var vouchOneMember: Measurement
        var hugo: Measurement?
    }

    static func main() {
        do {
            let options = try parse(Array(CommandLine.arguments.dropFirst()))
            var rows: [Row] = []
            for size in options.sizes {
                rows.append(try run(size: size, options: options))
                printTable(rows, options: options)
            }
            if let json = options.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(rows).write(to: URL(fileURLWithPath: json))
                print("JSON written to \(json)")
            }
        } catch {
            FileHandle.standardError.write(Data("vouch-site-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            func value() throws -> String {
                guard let next = iterator.next() else { throw Failure("\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--sizes": options.sizes = try value().split(separator: ",").compactMap { Int($0) }
            case "--hugo-max": options.hugoMaximum = Int(try value()) ?? options.hugoMaximum
            case "--work": options.work = try value()
            case "--vouch": options.vouch = try value()
            case "--hugo": options.hugo = try value()
            case "--json": options.json = try value()
            default:
                throw Failure(
                    "usage: vouch-site-bench [--sizes 20000,100000,350000] [--hugo-max N] [--work DIR] [--vouch PATH] "
                        + "[--hugo PATH] [--json PATH]"
                )
            }
        }
        return options
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func say(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    // MARK: One size

    static func run(size: Int, options: Options) throws -> Row {
        let work = URL(fileURLWithPath: options.work).appendingPathComponent("\(size)")
        let data = work.appendingPathComponent("data")
        let site = work.appendingPathComponent("site")
        let vouch =
            options.vouch
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vouch").path
        try prepareRegistry(data: data, members: size, vouch: vouch, work: work)
        try? FileManager.default.removeItem(at: site)
        try? FileManager.default.removeItem(at: data.appendingPathComponent("site-state"))
        let build = ["site", "build", "--data", data.path, "--out", site.path]
        say("[\(size)] vouch full build")
        let full = try timed(vouch, build)
        say("[\(size)] vouch no-change rebuild")
        let noChange = try timed(vouch, build)
        let store = try Store(path: data.appendingPathComponent("vouch.sqlite").path, actor: "benchmark")
        let member = try store.member(id: Int64(size / 2))!
        try store.addDomain("bench-\(UUID().uuidString.prefix(8).lowercased()).example.org", member: member.id)
        say("[\(size)] vouch one-member rebuild")
        let oneMember = try timed(vouch, build)
        let pages =
            (try? FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("members").path))?
            .count ?? 0
        var hugo: Measurement?
        if size <= options.hugoMaximum, FileManager.default.isExecutableFile(atPath: options.hugo) {
            let hugoSite = work.appendingPathComponent("hugo")
            try generateHugoSite(at: hugoSite, pages: pages, sample: site.appendingPathComponent("members"))
            say("[\(size)] hugo full build of \(pages) pages")
            hugo = try timed(
                options.hugo,
                ["--quiet", "--source", hugoSite.path, "--destination", hugoSite.appendingPathComponent("public").path]
            )
            try? FileManager.default.removeItem(at: hugoSite)
        }
        return Row(
            members: size,
            pages: pages,
            vouchFull: full,
            vouchNoChange: noChange,
            vouchOneMember: oneMember,
            hugo: hugo
        )
    }

    /// A data directory with real CA certificates (a quick P-384 key ceremony in `ceremony/`) and a
    /// registry seeded by `Store.seedForBenchmark`, reused when it was seeded before.
    static func prepareRegistry(data: URL, members: Int, vouch: String, work: URL) throws {
        let database = data.appendingPathComponent("vouch.sqlite")
        if FileManager.default.fileExists(atPath: database.path),
            let summary = try? Store(path: database.path).benchmarkSeedSummary(path: database.path), summary.complete,
            summary.members == members
        {
            return
        }
        try? FileManager.default.removeItem(at: work)
        let ceremony = work.appendingPathComponent("ceremony")
        let passphrase = "site benchmark passphrase"
        let initialised = try ExternalProcess.run(
            vouch,
            [
                "init", "--data", ceremony.path, "--name", "Vouch Bench", "--mail-domain", "ca.example.org",
                "--base-url", "https://ca.example.org", "--root-key", "p384", "--site",
                work.appendingPathComponent("site").path,
                "--templates", work.appendingPathComponent("no-templates").path, "--content",
                work.appendingPathComponent("no-content").path,
            ],
            environment: ["VOUCH_PASSPHRASE": passphrase]
        )
        guard initialised.status == 0 else { throw Failure("vouch init failed: \(initialised.output)") }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for item in ["config.toml", "crl", "ca"] {
            try FileManager.default.copyItem(
                at: ceremony.appendingPathComponent(item),
                to: data.appendingPathComponent(item)
            )
        }
        say("[\(members)] seeding the registry")
        let store = try Store(path: database.path, actor: "benchmark")
        try store.seedForBenchmark(path: database.path, members: members, certificatesPerMember: 2) { _ in }
        // The seed's CAs carry placeholder DER; give them the ceremony's real certificates.
        let real = try DatabaseQueue(path: ceremony.appendingPathComponent("vouch.sqlite").path)
        let certificates = try real.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT purpose, certificate_der FROM issuing_cas").map {
                row -> (String, Data) in
                (row[0], row[1])
            }
        }
        let seeded = try DatabaseQueue(path: database.path)
        try seeded.write { db in
            for (purpose, der) in certificates {
                try db.execute(
                    sql: "UPDATE issuing_cas SET certificate_der = ? WHERE purpose = ?",
                    arguments: [der, purpose]
                )
            }
        }
    }

    /// Runs a command under `/usr/bin/time -v`: wall time and the maximum resident set size.
    static func timed(_ executable: String, _ arguments: [String]) throws -> Measurement {
        let result = try ExternalProcess.run("/usr/bin/time", ["-v", executable] + arguments)
        guard result.status == 0 else {
            throw Failure("\(executable) \(arguments.joined(separator: " ")) failed:\n\(result.output.suffix(2000))")
        }
        func field(_ name: String) -> String? {
            result.output.split(separator: "\n").first { $0.contains(name) }.map {
                String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces)
            }
        }
        let rss = Double(field("Maximum resident set size (kbytes)") ?? "0") ?? 0
        let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").map(parseClock) ?? 0
        let summary = result.output.split(separator: "\n").first { $0.hasPrefix("site:") }.map(String.init) ?? ""
        let cpu =
            (Double(field("User time (seconds)") ?? "0") ?? 0) + (Double(field("System time (seconds)") ?? "0") ?? 0)
        return Measurement(seconds: wall, cpuSeconds: cpu, peakRSSMegabytes: rss / 1024, detail: summary)
    }

    static func parseClock(_ text: String) -> Double {
        // "m:ss.ss" or "h:mm:ss" after the last colon of the label.
        let clock = text.split(separator: " ").last.map(String.init) ?? text
        return clock.split(separator: ":").reduce(0.0) { $0 * 60 + (Double($1) ?? 0) }
    }

    /// A Hugo site with `pages` member-like pages: each a copy of a real member page's text (about
    /// the same bytes of Markdown), under a layout with the same navigation and footer.
    static func generateHugoSite(at root: URL, pages: Int, sample: URL) throws {
        try? FileManager.default.removeItem(at: root)
        let content = root.appendingPathComponent("content/members")
        let layouts = root.appendingPathComponent("layouts/_default")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try """
        baseURL = "https://ca.example.org/"
        title = "Vouch Bench"
        disableKinds = ["taxonomy", "term", "RSS"]
        [markup.goldmark.renderer]
        unsafe = false
        """.write(to: root.appendingPathComponent("hugo.toml"), atomically: true, encoding: .utf8)
        let layout = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title>
            <meta name="robots" content="noindex"><link rel="stylesheet" href="/style.css"></head>
            <body><header><nav><a href="/">{{ .Site.Title }}</a> <a href="/roots.html">Roots</a>
            <a href="/policies/">Policies</a> <a href="/help/">Help</a> <a href="/statistics.html">Statistics</a></nav></header>
            <main><h1>{{ .Title }}</h1>{{ .Content }}</main>
            <footer><p>{{ .Site.Title }} is a community certificate authority.</p></footer></body></html>
            """
        try layout.write(to: layouts.appendingPathComponent("single.html"), atomically: true, encoding: .utf8)
        try
            "<!DOCTYPE html><html lang=\"en\"><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}{{ end }}</body></html>"
            .write(to: layouts.appendingPathComponent("list.html"), atomically: true, encoding: .utf8)
        // The body: a member page's markup as Markdown would give it (a table of assurances, lists).
        var body = "## What you can do next\n\n"
        body += "- 40 more assurance points to get your name into your certificates: [meet an assurer](/help/).\n"
        body += "- Ask for a certificate by mailing a CSR to `csr@ca.example.org`.\n\n## Points\n\n"
        body += "**40** points: 40 from assurances, 0 from assuring others.\n\n"
        body += "| From | Points | Counted | Met | Where | How |\n|---|---|---|---|---|---|\n"
        for index in 0..<3 {
            body += "| assurer\(index)@example.org | 10 | 10 | 2026-11-0\(index + 1) | Amsterdam | faceToFace |\n"
        }
        body += "\n## Email addresses\n\n- member@example.org: verified 2026-11-01; good until 2026-12-01\n\n"
        body += "## Certificates\n\n| Serial | Kind | Names | Valid | Status | Download |\n|---|---|---|---|---|---|\n"
        for _ in 0..<2 {
            body +=
                "| `\(String(repeating: "ab", count: 17))` | smime | member@example.org | 2026-11-01 to 2027-05-01 | valid | "
            body += "[PEM](data:application/x-pem-file;base64,\(String(repeating: "QUJD", count: 220))) |\n"
        }
        for page in 0..<pages {
            let text = "---\ntitle: \"Member \(page)\"\n---\n\(body)"
            guard
                FileManager.default.createFile(
                    atPath: content.appendingPathComponent("m\(page).md").path,
                    contents: Data(text.utf8)
                )
            else { throw Failure("cannot write the Hugo content") }
        }
    }
}

/// Runs a process to the end with stdout and stderr together (so `time -v`'s report is read too).
enum ExternalProcess {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
