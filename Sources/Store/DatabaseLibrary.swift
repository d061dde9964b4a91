import GRDB

/// The SQLite Vouch keeps its registry in, for `vouch --version`.
package enum DatabaseLibrary {
    /// The linked library's version, asked of an in-memory database (it is what runs, whatever the
    /// headers said at build time).
    package static var version: String {
        (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }
}
