import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released.
package final class TemporaryDirectory: @unchecked Sendable {
    // @unchecked: `url` is immutable; the directory itself is the test's to use.
    package let url: URL

    package init(_ prefix: String = "vouch-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    package func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try Data(text.utf8).write(to: target)
        return target.path
    }

    @discardableResult
    package func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: target)
        return target.path
    }
}
