import Foundation

@testable import Store

/// A fresh database file in its own temporary directory, removed when the value is released.
final class TestDatabase {
    let directory: URL
    let path: String
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vouch-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("vouch.sqlite").path
        store = try Store(path: path, actor: "test")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Opens a second, independent connection pool on the same file, as another process would.
    func reopen(actor: String = "test") throws -> Store {
        try Store(path: path, actor: actor)
    }

    /// Adds a member with a derived address, for tests that need a few people.
    @discardableResult
    func member(_ name: String, born: String = "1980-01-01") throws -> Member {
        try store.addMember(name: name, dateOfBirth: born, primaryEmail: "\(name.lowercased())@example.org")
    }
}
