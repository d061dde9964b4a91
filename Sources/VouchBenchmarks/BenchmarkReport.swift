import Foundation

/// Everything one run measured: written as JSON for comparison across runs, and as a table.
struct BenchmarkReport: Codable, Sendable {
    var machine: String
    var sqlite3Version: String
    var database: String
    var members: Int
    var certificates: Int
    /// Nil when an existing seeded file was reused.
    var seedSeconds: Double?
    var rounds: Int
    var batchMilliseconds: Int
    var method: String
    var queries: [QueryResult]
    var walks: [WalkResult]

    var failures: [String] {
        queries.filter(\.planFailed).map { "\($0.name): \($0.planVerdict) — plan: \($0.plan.joined(separator: "; "))" }
            + walks.filter(\.failed).map { "\($0.name): \($0.verdict)" }
    }

    static let method = """
        Per query: EXPLAIN QUERY PLAN on the seeded file; then K rounds, interleaved between the tools, of \
        R runs each (R chosen so a round lasts about the batch time); a sample is a round's wall time / R \
        and the figure is the median sample. GRDB: its own connection, statement prepared per run, every \
        value of every row read. sqlite3: one long-lived shell, parameters bound with .parameter set, \
        output to /dev/null, timed from outside until a .print marker returns.
        """

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    static func tableHeader() -> String {
        let columns = [
            pad("query", 42), pad("plan", 14), padLeft("rows", 9), padLeft("R×K", 9), padLeft("GRDB", 10),
            padLeft("sqlite3", 10), padLeft("ratio", 6),
        ]
        return columns.joined(separator: " ") + "\n" + String(repeating: "-", count: 106)
    }

    static func tableRow(_ result: QueryResult) -> String {
        let plan = result.planFailed ? "FAIL" : result.planVerdict
        return [
            pad(result.name, 42), pad(plan, 14), padLeft("\(result.rows)", 9),
            padLeft("\(result.repetitions)×\(result.rounds)", 9), padLeft(time(result.grdbMedianMicroseconds), 10),
            padLeft(time(result.sqlite3MedianMicroseconds), 10), padLeft(String(format: "%.2f", result.ratio), 6),
        ].joined(separator: " ")
    }

    static func walkRow(_ walk: WalkResult) -> String {
        func mib(_ memory: ProcessMemory?, _ path: KeyPath<ProcessMemory, Int>) -> String {
            memory.map { String(format: "%.1f MiB", Double($0[keyPath: path]) / 1024) } ?? "?"
        }
        return """
            \(walk.name): \(walk.rows) rows in \(String(format: "%.2f", walk.seconds)) s
              peak RSS (VmHWM) before \(mib(walk.before, \.peakKiB))\(walk.peakWasReset ? " (reset)" : " (not reset)"), \
            after 10 % \(mib(walk.afterFirstTenth, \.peakKiB)), after \(mib(walk.after, \.peakKiB)); \
            RSS after \(mib(walk.after, \.residentKiB)) — \(walk.verdict)
            """
    }

    /// Microseconds, switching unit so that every figure keeps three significant digits.
    static func time(_ microseconds: Double) -> String {
        switch microseconds {
        case ..<1000: String(format: "%.1f µs", microseconds)
        case ..<1_000_000: String(format: "%.2f ms", microseconds / 1000)
        default: String(format: "%.2f s", microseconds / 1_000_000)
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
