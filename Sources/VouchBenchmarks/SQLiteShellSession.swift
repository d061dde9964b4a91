import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// A long-lived `sqlite3` shell on the benchmark file, the anchor tool the Store is compared with.
///
/// The shell's own `.timer` prints milliseconds, too coarse for a point query, so it is timed from
/// outside: a batch of runs of the statement (output to `/dev/null`) followed by a `.print` marker is
/// written to its standard input, and the clock stops when the marker comes back. The round trip for
/// the marker (tens of microseconds) is spread over a batch that lasts about 20 ms. The statement text
/// is the Store's, with its `?` parameters bound by `.parameter set ?N`, so both tools plan and run the
/// same SQL; the shell then also looks each parameter up in its `temp.sqlite_parameters` table, a small
/// cost GRDB does not pay.
final class SQLiteShellSession {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var pending: [UInt8] = []
    private var markerNumber = 0

    /// What `sqlite3 --version` printed, for the report.
    let version: String

    /// The shell closed its output: a failed statement (it runs with `-bail`) or a missing binary.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(executable: String, databasePath: String) throws {
        let path = try Self.locate(executable)
        version = try Self.version(of: path)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-batch", "-bail", databasePath]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // As the Store opens the file: wait for a competing writer, enforce foreign keys.
        try send(".timeout 30000\n.dbconfig enable_fkey on\n.mode list\n.headers off\n")
        try sync()
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Binds `arguments` to `?1`, `?2`, … for the statements that follow; not part of any timing.
    func bind(_ arguments: [DatabaseValue]) throws {
        var script = ".parameter clear\n"
        for (index, value) in arguments.enumerated() {
            script += ".parameter set ?\(index + 1) \(Self.literal(value))\n"
        }
        try send(script)
        try sync()
    }

    /// The wall time of `repetitions` runs of `sql`, marker round trip included.
    func time(sql: String, repetitions: Int) throws -> Duration {
        let statement = sql.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n"
        let script = ".output /dev/null\n" + String(repeating: statement, count: repetitions) + ".output\n"
        let clock = ContinuousClock()
        let start = clock.now
        try send(script)
        try sync()
        return clock.now - start
    }

    /// Waits until the shell has executed everything sent so far.
    private func sync() throws {
        markerNumber += 1
        let marker = "@@vouch-bench-\(markerNumber)@@"
        try send(".print \(marker)\n")
        let needle = Array((marker + "\n").utf8)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while !Self.contains(pending, needle) {
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else {
                let message = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
                throw Failure(description: "sqlite3 stopped: \(message.isEmpty ? "no message" : message)")
            }
            pending.append(contentsOf: chunk[0..<count])
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    private func send(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// An SQL literal the shell's `.parameter set` evaluates back to the same value and type.
    private static func literal(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let integer): "\(integer)"
        case .double(let double): "\(double)"
        case .string(let text): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let data): "X'" + data.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'"
        }
    }

    private static func locate(_ executable: String) throws -> String {
        if executable.contains("/") { return executable }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(executable)") {
            return "\(directory)/\(executable)"
        }
        throw Failure(
            description: "\(executable) is not on PATH; install it (apt-get install sqlite3) or pass --sqlite3"
        )
    }

    private static func version(of path: String) throws -> String {
        let probe = Process()
        let pipe = Pipe()
        probe.executableURL = URL(fileURLWithPath: path)
        probe.arguments = ["--version"]
        probe.standardOutput = pipe
        try probe.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        probe.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").prefix(2).joined(separator: " ")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
