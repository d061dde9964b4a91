import Foundation

/// Where things are in the checkout the tests run from.
package enum RepositoryPaths {
    /// The package root: three levels above this file (Sources/VouchTestSupport/…).
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The git-ignored virtualenv that holds pkilint.
    package static let virtualenv: URL =
        ProcessInfo.processInfo.environment["VOUCH_VENV"].map { URL(fileURLWithPath: $0) }
        ?? root.appendingPathComponent(".venv")

    /// The built `vouch` executable, next to the test bundle.
    package static var vouchExecutable: URL {
        if let explicit = ProcessInfo.processInfo.environment["VOUCH_EXECUTABLE"] {
            return URL(fileURLWithPath: explicit)
        }
        let bundle = Bundle.main.bundleURL
        for candidate in [
            bundle.appendingPathComponent("vouch"), bundle.deletingLastPathComponent().appendingPathComponent("vouch"),
        ] {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/vouch")
    }
}
