import Foundation

/// Runs the real tools that tests judge Vouch's output with (openssl, pkilint, sqlite3, vouch itself).
package struct ExternalTool: Sendable {
    /// What a finished command left behind.
    package struct Result: Sendable {
        package let status: Int32
        package let output: String
        package let error: String
        package var succeeded: Bool { status == 0 }
        /// Both streams, for failure messages.
        package var transcript: String { "exit \(status)\n\(output)\(error)" }
    }

    package let executable: URL

    package init(_ executable: URL) { self.executable = executable }

    /// A tool found on PATH, or at an absolute path.
    package static func named(_ name: String) -> ExternalTool {
        if name.hasPrefix("/") { return ExternalTool(URL(fileURLWithPath: name)) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return ExternalTool(candidate) }
        }
        return ExternalTool(URL(fileURLWithPath: "/usr/bin/\(name)"))
    }

    /// A tool that exits before reading all its input closes the pipe; the write must then fail
    /// with EPIPE, not kill the test process with SIGPIPE.
    private static let ignoringBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    package static let openssl = named("openssl")
    package static let sqlite3 = named("sqlite3")
    package static let python3 = named("python3")

    /// A pkilint command from the project's virtualenv (`make test` creates it).
    package static func pkilint(_ command: String) -> ExternalTool {
        ExternalTool(RepositoryPaths.virtualenv.appendingPathComponent("bin/\(command)"))
    }

    /// pkilint's `lint` at `-s WARNING` on `file`: the transcript of its findings, empty when clean
    /// (pkilint exits with the number of findings at or above the threshold).
    package static func pkilintFindings(_ tool: String, _ arguments: [String], file: String) throws -> String {
        let result = try pkilint(tool).run(["lint", "-s", "WARNING"] + arguments + [file])
        return result.succeeded ? "" : result.transcript
    }

    /// Runs the tool to completion; the environment is this process's, changed by `environment`
    /// (a nil value removes the variable).
    @discardableResult
    package func run(
        _ arguments: [String],
        input: [UInt8]? = nil,
        environment: [String: String?] = [:],
        in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        _ = Self.ignoringBrokenPipes
        try process.run()
        // Both pipes are drained and the input written on threads of their own, all at once: a
        // tool that answers while it reads (cat, openssl) fills its output pipe long before it has
        // read a large input, and a runner that wrote everything first would wait forever.
        let outputData = LockedData()
        let errorData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(output, outputData), (error, errorData)] {
            group.enter()
            Thread {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }.start()
        }
        if let input {
            let writer = inputPipe.fileHandleForWriting
            group.enter()
            Thread {
                // A tool that exits without reading all of it closes the pipe: the rest is dropped.
                try? writer.write(contentsOf: Data(input))
                try? writer.close()
                group.leave()
            }.start()
        }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outputData.value, as: UTF8.self),
            error: String(decoding: errorData.value, as: UTF8.self)
        )
    }
}

private final class LockedData: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data ?? Data() } }
}
