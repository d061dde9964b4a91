import Authority
import Foundation
import Jobs
import PKI
import Store

/// `vouch-issuance-bench`: the issuance and CRL benchmark (issue 8). Not a test: it measures the
/// anchor tools in the same run and reports ratios, asserting nothing about wall-clock time.
///
/// 1. N queued CSRs (half RSA-2048, half P-256 member keys) through one CSR-job run, end to end:
///    parse, verify, key gate, CAA-free S/MIME profile, lint, sign, record, files, reply mail.
/// 2. `openssl speed -multi 2 ecdsap384`: the issuing key's own signing rate, the limit.
/// 3. The classic loop, `openssl ca -batch -rand_serial` once per request, on a sample of the CSRs.
/// 4. Peak RSS of the CSR run at N/5 and at N, each in a child process: flat in the queue length.
/// 5. CRLs for R revoked unexpired certificates (every shard of one CA) against one
///    `openssl ca -gencrl` over an index of the same R entries; the largest shard's size.
@main
struct IssuanceBench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
                let value = Int(arguments[index + 1])
            else { return fallback }
            arguments.removeSubrange(index...(index + 1))
            return value
        }
        let csrs = option("--csrs", 10_000)
        let sample = option("--openssl-ca-sample", 200)
        let revoked = option("--revoked", 100_000)
        var markdownFile: String?
        if let index = arguments.firstIndex(of: "--markdown"), index + 1 < arguments.count {
            markdownFile = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        guard arguments.isEmpty || (arguments.count == 1 && ["--child", "--crl-only"].contains(arguments[0])) else {
            print(
                """
                usage: vouch-issuance-bench [--csrs N] [--openssl-ca-sample N] [--revoked N] [--markdown FILE]
                       vouch-issuance-bench --child [--csrs N]       one CSR-job run, for its peak RSS
                       vouch-issuance-bench --crl-only [--revoked N] the CRL comparison alone
                """
            )
            exit(arguments.contains("--help") ? 0 : 2)
        }
        if arguments.first == "--child" {
            // One CSR-job run in this process, for its peak RSS.
            let result = try IssuanceRun.run(csrs: csrs)
            print(
                "{\"seconds\": \(result.seconds), \"issued\": \(result.issued), \"maxRSSKiB\": \(ProcessMemory.peakKiB)}"
            )
            return
        }
        if arguments.first == "--crl-only" {
            // The CRL comparison alone, for profiling.
            let crl = try CRLRun.run(revoked: revoked)
            print("{\"vouchSeconds\": \(crl.vouchSeconds), \"opensslSeconds\": \(crl.opensslSeconds)}")
            return
        }
        var report = Report()
        report.line("Issuance and CRL benchmark (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

        let run = try IssuanceRun.run(csrs: csrs, keepCSRsFor: sample)
        let vouchRate = Double(run.issued) / run.seconds
        report.row("vouch CSR job", "\(run.issued) certificates in \(String(format: "%.1f", run.seconds)) s", vouchRate)

        let speed = try OpenSSLSpeed.ecdsaP384SignaturesPerSecond()
        report.row("openssl speed -multi 2 ecdsap384", "signatures/s", speed)
        let loop = try OpenSSLCALoop.rate(
            csrs: run.sampleCSRs,
            key: run.issuingKeyPEM,
            certificate: run.issuingCertificatePEM
        )
        report.row("openssl ca -batch loop", "\(run.sampleCSRs.count) certificates", loop)
        report.ratio("vouch / openssl speed (target ≥ 0.60)", vouchRate / speed)
        report.ratio("vouch / openssl ca loop (target ≥ 15)", vouchRate / loop)

        let small = try Child.run(csrs: max(1, csrs / 5))
        let large = try Child.run(csrs: csrs)
        report.row("peak RSS, \(max(1, csrs / 5)) CSRs", "KiB", Double(small.maxRSSKiB))
        report.row("peak RSS, \(csrs) CSRs", "KiB", Double(large.maxRSSKiB))
        report.ratio(
            "RSS growth \(csrs) / \(max(1, csrs / 5)) CSRs (flat ≈ 1)",
            Double(large.maxRSSKiB) / Double(small.maxRSSKiB)
        )

        let crl = try CRLRun.run(revoked: revoked)
        report.row("vouch CRLs, \(revoked) revoked (\(crl.shards) shards)", "s", crl.vouchSeconds)
        report.row("openssl ca -gencrl, \(revoked) entries", "s", crl.opensslSeconds)
        report.ratio("openssl / vouch CRL time (target ≥ 1)", crl.opensslSeconds / crl.vouchSeconds)
        report.row("largest shard", "bytes (limit 1,000,000)", Double(crl.largestShardBytes))
        print(report.text)
        if let markdownFile {
            try report.markdown.write(toFile: markdownFile, atomically: true, encoding: .utf8)
        }
    }
}

/// A table of measurements, printed and as Markdown for the README.
struct Report {
    private(set) var lines: [String] = []
    private(set) var rows: [(String, String, String)] = []

    mutating func line(_ text: String) { lines.append(text) }

    mutating func row(_ what: String, _ unit: String, _ value: Double) {
        let shown = value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        rows.append((what, shown, unit))
    }

    mutating func ratio(_ what: String, _ value: Double) { rows.append((what, String(format: "%.2f", value), "ratio")) }

    var text: String {
        (lines
            + rows.map {
                "\($0.0.padding(toLength: 52, withPad: " ", startingAt: 0)) \($0.1.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.2)"
            })
            .joined(separator: "\n")
    }

    var markdown: String {
        (["| measurement | value | unit |", "|---|---:|---|"] + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" })
            .joined(separator: "\n") + "\n"
    }
}

enum ProcessMemory {
    /// Peak resident set size of this process, in KiB (Linux reports ru_maxrss in KiB).
    static var peakKiB: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

/// Runs this benchmark as a child process for one CSR-job run and reads its result.
enum Child {
    struct Result: Decodable {
        let seconds: Double
        let issued: Int
        let maxRSSKiB: Int
    }

    static func run(csrs: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--child", "--csrs", String(csrs)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last
        else {
            throw BenchError("the child run of \(csrs) CSRs failed")
        }
        return try JSONDecoder().decode(Result.self, from: Data(line.utf8))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command and returns its standard output; throws on failure.
@discardableResult
func shell(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus))")
    }
    return String(decoding: data, as: UTF8.self)
}

func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
}
