import Foundation
import GRDB
import Store

/// One named query's plan verdict and its timings through both tools.
struct QueryResult: Codable, Sendable {
    var name: String
    var sql: String
    var scansByDesign: Bool
    var plan: [String]
    /// `index`, `scan by design`, `write` (an INSERT has no read plan), or `FAIL: …` when the plan
    /// scans or sorts where it must not.
    var planVerdict: String
    /// Arguments bound, as SQL literals would spell them; `NULL (no sample)` flags a missing sample.
    var arguments: [String]
    var rows: Int
    /// R: runs per timed round; each round's time divided by R is one sample.
    var repetitions: Int
    /// K: timed rounds per tool.
    var rounds: Int
    var grdbMedianMicroseconds: Double
    var sqlite3MedianMicroseconds: Double
    /// GRDB ÷ sqlite3: below 1, GRDB was faster than the shell on this query.
    var ratio: Double

    var planFailed: Bool { planVerdict.hasPrefix("FAIL") }
}

/// Checks and times every named query: the plan first, then K interleaved rounds of R runs per tool.
struct QueryMeasurement {
    let store: Store
    let grdb: GRDBRunner
    let shell: SQLiteShellSession
    let samples: SampleArguments
    let rounds: Int
    let batch: Duration

    func measure(_ query: NamedQuery) throws -> QueryResult {
        let plan = try store.explainQueryPlan(query)
        let sample = samples.byQueryName[query.name]
        let arguments = sample ?? []

        // Warm both tools (page cache, schema) before anything is timed.
        let (rows, _) = try grdb.run(sql: query.sql, arguments: arguments, repetitions: 1)
        let (_, single) = try grdb.run(sql: query.sql, arguments: arguments, repetitions: 1)
        try shell.bind(arguments)
        _ = try shell.time(sql: query.sql, repetitions: 1)

        let repetitions = max(1, min(10_000, Int(batch.seconds / max(single.seconds, 1e-7))))
        // Whole-table walks take seconds a run; three rounds say as much as seven there.
        let rounds = single > .seconds(1) ? min(self.rounds, 3) : self.rounds
        var grdbSamples: [Double] = []
        var shellSamples: [Double] = []
        // Interleaved, so both tools see the same machine (the other core's load, the page cache).
        for _ in 0..<rounds {
            let (_, grdbTime) = try grdb.run(sql: query.sql, arguments: arguments, repetitions: repetitions)
            grdbSamples.append(grdbTime.seconds / Double(repetitions))
            let shellTime = try shell.time(sql: query.sql, repetitions: repetitions)
            shellSamples.append(shellTime.seconds / Double(repetitions))
        }
        let grdbMedian = Median.of(grdbSamples) * 1e6
        let shellMedian = Median.of(shellSamples) * 1e6
        return QueryResult(
            name: query.name,
            sql: query.sql,
            scansByDesign: query.scansByDesign,
            plan: plan,
            planVerdict: Self.verdict(plan, scansByDesign: query.scansByDesign),
            arguments: sample.map { $0.map(\.description) } ?? ["NULL (no sample)"],
            rows: rows,
            repetitions: repetitions,
            rounds: rounds,
            grdbMedianMicroseconds: grdbMedian,
            sqlite3MedianMicroseconds: shellMedian,
            ratio: grdbMedian / shellMedian
        )
    }

    /// The rule of `QueryPlanTests`, checked here on a full-size file: no `SCAN` unless the query
    /// walks a table by design, and never a temporary B-tree (a sort or DISTINCT in memory).
    static func verdict(_ plan: [String], scansByDesign: Bool) -> String {
        if let sort = plan.first(where: { $0.contains("TEMP B-TREE") }) {
            return "FAIL: sorts (\(sort))"
        }
        if let scan = plan.first(where: { $0.hasPrefix("SCAN") }) {
            return scansByDesign ? "scan by design" : "FAIL: scans (\(scan))"
        }
        return plan.isEmpty ? "write" : "index"
    }
}
