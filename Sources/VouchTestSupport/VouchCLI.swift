import Foundation

/// Runs the built `vouch` executable, as an operator or cron would.
package struct VouchCLI: Sendable {
    package let data: URL
    package let environment: [String: String?]

    package init(data: URL, environment: [String: String?] = [:]) {
        self.data = data
        self.environment = environment
    }

    /// `vouch ARGUMENTS --data DIR`, from the repository root (where Templates/ and Content/ are).
    @discardableResult
    package func run(
        _ arguments: [String],
        input: [UInt8]? = nil,
        environment extra: [String: String?] = [:]
    ) throws
        -> ExternalTool.Result
    {
        try ExternalTool(RepositoryPaths.vouchExecutable).run(
            arguments + ["--data", data.path],
            input: input,
            environment: environment.merging(extra) { $1 },
            in: RepositoryPaths.root
        )
    }
}
