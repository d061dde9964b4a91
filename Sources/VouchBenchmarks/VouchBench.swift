import BenchmarkSeed
import Foundation
import Store

#if canImport(Glibc)
import Glibc
#endif

/// The benchmark could not run to the end; the description says why and what to do.
struct RunFailure: Error, CustomStringConvertible {
    let description: String
}

/// `vouch-bench`: the registry scale benchmark (issue 3, "Scale"). It reports; it asserts nothing
/// about wall-clock time, which depends on the machine. It fails (exit 1) only for what does not:
/// a query plan that scans or sorts where it must not, or memory that grows with the rows read.
@main
struct VouchBench {
    static func main() {
        do {
            guard let options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
                say(BenchmarkOptions.usage)
                return
            }
            let report = try run(options)
            if let json = options.jsonPath {
                try report.writeJSON(to: json)
                say("JSON written to \(json)")
            }
            let failures = report.failures
            guard failures.isEmpty else {
                for failure in failures {
                    say("FAIL !!! \(failure)")
                }
                exit(1)
            }
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("vouch-bench: \(error)\n\n\(BenchmarkOptions.usage)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("vouch-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func run(_ options: BenchmarkOptions) throws -> BenchmarkReport {
        // A shell that dies mid-write must surface as an error, not kill the benchmark.
        signal(SIGPIPE, SIG_IGN)
        let path = options.resolvedDatabasePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent.isEmpty
                ? "." : (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        let store = try Store(path: path, actor: "vouch-bench")
        let (summary, seedSeconds) = try seedIfNeeded(store, options: options, path: path)
        let samples = try SampleArguments.draw(from: store, summary: summary)
        let shell = try SQLiteShellSession(executable: options.sqlite3, databasePath: path)
        let measurement = QueryMeasurement(
            store: store,
            grdb: try GRDBRunner(path: path),
            shell: shell,
            samples: samples,
            rounds: options.runs,
            batch: .milliseconds(options.batchMilliseconds)
        )

        say(
            "\nRegistry: \(summary.members) members, \(summary.certificates) certificates (\(path)); "
                + "\(shell.version); K=\(options.runs), batch ≈ \(options.batchMilliseconds) ms"
        )
        say("Times are medians per run; ratio = GRDB / sqlite3.\n")
        say(BenchmarkReport.tableHeader())
        var queries: [QueryResult] = []
        for query in Store.namedQueriesForPlanCheck {
            let result = try measurement.measure(query)
            say(BenchmarkReport.tableRow(result))
            if result.arguments == ["NULL (no sample)"] {
                say("NOTE: no sample arguments for \(result.name) (new query?); it ran with NULLs")
            }
            if result.planFailed {
                say("FAIL !!! \(result.name) does not use an index: \(result.plan.joined(separator: "; "))")
            }
            queries.append(result)
        }
        say("\nPlans:")
        for result in queries {
            say("  \(result.name): \(result.plan.isEmpty ? "(none: a write)" : result.plan.joined(separator: "; "))")
        }

        say("\nCursor walks (memory must not grow with rows read):")
        let (largestIssuer, largestCount) = summary.certificatesByIssuer.max { $0.value < $1.value } ?? (0, 0)
        let walks = [
            try MemoryWalk.members(store, expected: summary.members),
            try MemoryWalk.certificates(store, issuer: largestIssuer, expected: largestCount),
        ]
        for walk in walks {
            say(BenchmarkReport.walkRow(walk))
        }
        return BenchmarkReport(
            machine: machineDescription(),
            sqlite3Version: shell.version,
            database: path,
            members: summary.members,
            certificates: summary.certificates,
            seedSeconds: seedSeconds,
            rounds: options.runs,
            batchMilliseconds: options.batchMilliseconds,
            method: BenchmarkReport.method,
            queries: queries,
            walks: walks
        )
    }

    /// Reuses a file seeded before (seeding a million members takes minutes), else seeds it.
    private static func seedIfNeeded(
        _ store: Store,
        options: BenchmarkOptions,
        path: String
    ) throws -> (BenchmarkSeedSummary, Double?) {
        if let summary = try store.benchmarkSeedSummary(path: path) {
            guard summary.complete else {
                throw RunFailure(description: "the seed of \(path) was interrupted; delete the file and run again")
            }
            say("Reusing the seeded registry at \(path).")
            if summary.members != options.members {
                say("Note: it holds \(summary.members) members, not the \(options.members) asked for.")
            }
            return (summary, nil)
        }
        say("Seeding \(options.members) members × \(options.certificatesPerMember) certificates into \(path) …")
        let clock = ContinuousClock()
        let start = clock.now
        var reported = 0
        func progress(_ done: Int) {
            guard done - reported >= 100_000 || done == options.members else { return }
            reported = done
            say("  \(done) members (\(String(format: "%.0f", (clock.now - start).seconds)) s)")
        }
        try store.seedForBenchmark(
            path: path,
            members: options.members,
            certificatesPerMember: options.certificatesPerMember,
            progress: progress
        )
        let seconds = (clock.now - start).seconds
        guard let summary = try store.benchmarkSeedSummary(path: path) else {
            throw RunFailure(description: "the seed finished but \(path) does not look seeded; is it writable?")
        }
        say("Seeded in \(String(format: "%.1f", seconds)) s.")
        return (summary, seconds)
    }

    /// Prints and flushes, so a long run shows its progress even into a pipe or a file.
    private static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    private static func machineDescription() -> String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        return "\(machine), \(cores) cores, \(memory) GiB"
    }
}
