import Foundation
import Store

/// One cursor walk and the process's memory around it.
struct WalkResult: Codable, Sendable {
    var name: String
    var rows: Int
    var seconds: Double
    /// Whether `VmHWM` could be reset to the current RSS before the walk; if not, `peakBefore`
    /// may already include an earlier peak (the seed) that hides the walk's own.
    var peakWasReset: Bool
    var before: ProcessMemory?
    /// After the first tenth of the rows: the walk's working set is reached by then.
    var afterFirstTenth: ProcessMemory?
    var after: ProcessMemory?
    /// Growth of the peak from the first tenth to the end, in KiB; near zero when rows are streamed.
    var peakGrowthKiB: Int?
    var verdict: String

    var failed: Bool { verdict.hasPrefix("FAIL") }
}

/// Walks every member and every certificate of the largest issuer with the Store's cursor methods
/// (`forEachMember`, `forEachCertificate(issuer:)`), as the site build and the CRL job do, and shows
/// from `/proc/self/status` that the peak RSS does not grow with the rows read.
enum MemoryWalk {
    /// More growth than this between a tenth and all of the rows means rows are being kept.
    static let allowedGrowthKiB = 32 * 1024

    static func members(_ store: Store, expected: Int) throws -> WalkResult {
        try walk("forEachMember: every member", expected: expected) { visit in
            try store.forEachMember { _ in visit() }
        }
    }

    static func certificates(_ store: Store, issuer: Int64, expected: Int) throws -> WalkResult {
        try walk("forEachCertificate(issuer: \(issuer)): largest issuer", expected: expected) { visit in
            try store.forEachCertificate(issuer: issuer) { _ in visit() }
        }
    }

    private static func walk(
        _ name: String,
        expected: Int,
        _ body: (_ visit: () -> Void) throws -> Void
    ) throws -> WalkResult {
        let reset = ProcessMemory.resetPeak()
        let before = ProcessMemory.current()
        var firstTenth: ProcessMemory?
        var rows = 0
        let checkpoint = max(1, expected / 10)
        let clock = ContinuousClock()
        let start = clock.now
        // The Store decodes each row into its record before calling back, so counting is enough.
        try body {
            rows += 1
            if rows == checkpoint {
                firstTenth = ProcessMemory.current()
            }
        }
        let elapsed = clock.now - start
        let after = ProcessMemory.current()
        let growth = both(firstTenth, after).map { $1.peakKiB - $0.peakKiB }
        let verdict: String
        switch growth {
        case .none: verdict = "unknown (no /proc/self/status)"
        case .some(let kib) where kib > allowedGrowthKiB:
            verdict = "FAIL: peak RSS grew \(kib / 1024) MiB while reading the last 90 % of \(rows) rows"
        case .some: verdict = "flat"
        }
        return WalkResult(
            name: name,
            rows: rows,
            seconds: elapsed.seconds,
            peakWasReset: reset,
            before: before,
            afterFirstTenth: firstTenth,
            after: after,
            peakGrowthKiB: growth,
            verdict: verdict
        )
    }
}

/// Both present, or nil.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
