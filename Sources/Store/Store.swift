import Foundation
import GRDB

/// The registry: the one place that knows the schema and speaks SQL.
///
/// A value holding a connection pool, so jobs can pass it around and derive per-actor copies with
/// `acting(as:)`. Every mutating method runs in one immediate transaction that also appends the
/// audit row, so a change and its audit record commit together or not at all.
package struct Store: Sendable {
    let pool: DatabasePool
    /// Who the audit log names for changes made through this value (a job, the operator, a member).
    package let actor: String
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys enforced,
    /// and brings its schema up to date.
    package init(
        path: String,
        actor: String = "vouch",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Batch jobs run as separate processes; wait for a competing writer instead of failing.
        configuration.busyMode = .timeout(30)
        // The registry holds dates of birth and status-page capabilities: the database is created
        // owner-only before SQLite opens it, and SQLite gives its -wal and -shm files the database
        // file's mode, so none of them is ever readable by others, whatever the process's umask.
        try Self.createOwnerOnly(path)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool, actor: actor, clock: clock)
            try Self.keepOwnerOnly(path)
            self.init(pool: pool, actor: actor, clock: clock)
        } catch let error as DatabaseError {
            throw StoreError(.database, "cannot open the database at \(path): \(error.message ?? "\(error)")")
        }
    }

    private static func createOwnerOnly(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.database, "cannot create the database at \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 { chmod(path, 0o600) }
    }

    /// Makes the database files 0600 (a file from an older version may be wider) and checks the result.
    private static func keepOwnerOnly(_ path: String) throws {
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0 else { continue }
            if status.st_mode & 0o077 != 0 { chmod(file, 0o600) }
            guard stat(file, &status) == 0, status.st_mode & 0o077 == 0 else {
                throw StoreError(.database, "\(file) is readable by others and cannot be made owner-only (mode 0600)")
            }
        }
    }

    private init(pool: DatabasePool, actor: String, clock: @escaping @Sendable () -> Date) {
        self.pool = pool
        self.actor = actor
        self.clock = clock
    }

    /// The same database, with changes audited under another actor's name.
    package func acting(as actor: String) -> Store {
        Store(pool: pool, actor: actor, clock: clock)
    }

    /// The migrations recorded in the file, oldest first.
    package func appliedMigrations() throws -> [String] {
        try read { db in try Migrations.migrator.appliedIdentifiers(db).sorted() }
    }

    /// Runs the migrator again; a no-op on an up-to-date file.
    package func migrate() throws {
        try mapErrors { try Self.migrate(pool, actor: actor, clock: clock) }
    }

    /// Runs `body` in one immediate transaction; a thrown error rolls everything back, including
    /// the audit row. Immediate, so two processes cannot both read-then-write the same row.
    ///
    /// Inside `transaction(_:)` (or another write) it joins the enclosing transaction under a
    /// savepoint: its changes commit with the outer ones, and a thrown error undoes just its own.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = enclosingWriter {
            var result: T?
            try mapErrors {
                try db.inSavepoint {
                    result = try body(db)
                    return .commit
                }
            }
            guard let result else { throw StoreError(.database, "the savepoint committed without a result") }
            return result
        }
        return try mapErrors {
            try pool.writeWithoutTransaction { db in
                Thread.current.threadDictionary[writerKey] = db
                defer { Thread.current.threadDictionary.removeObject(forKey: writerKey) }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw StoreError(.database, "the transaction committed without a result")
                }
                return result
            }
        }
    }

    /// Runs `body`, whose Store calls all commit together or not at all: how the Authority makes
    /// "consume the probe, apply the change, close the request" one step that a crash cannot split.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try write { _ in try body() }
    }

    /// The connection of the write transaction running on this thread, if any: reads inside it must
    /// see its uncommitted changes, which a reader connection would not.
    private var enclosingWriter: Database? { Thread.current.threadDictionary[writerKey] as? Database }

    private var writerKey: String { "vouch.store.writer.\(ObjectIdentifier(pool).hashValue)" }

    /// Runs `body` with a connection; nested calls (a query inside a `forEach…` body) reuse the
    /// enclosing read's connection and snapshot instead of tripping GRDB's reentrancy check, and
    /// calls inside a write transaction read through it.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = enclosingWriter { return try mapErrors { try body(db) } }
        return try mapErrors { try pool.unsafeReentrantRead(body) }
    }

    /// Runs `body` inside a read transaction: one consistent snapshot for a long cursor walk.
    func readSnapshot<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = enclosingWriter { return try mapErrors { try body(db) } }
        return try mapErrors {
            try pool.unsafeReentrantRead { db in
                if db.isInsideTransaction { return try body(db) }
                var result: T?
                try db.inTransaction(.deferred) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw StoreError(.database, "the read committed without a result")
                }
                return result
            }
        }
    }

    /// Runs the migrations a file lacks. An upgrade (a file that already had a schema) records each
    /// migration it applied in the audit log, so the chain shows when the registry's shape changed;
    /// a new file's first migrations are its creation, not a change, and leave the chain empty.
    private static func migrate(_ pool: DatabasePool, actor: String, clock: () -> Date) throws {
        let before = try pool.read { try Migrations.migrator.appliedIdentifiers($0) }
        try Migrations.migrator.migrate(pool)
        guard !before.isEmpty else { return }
        let applied = Migrations.identifiers.filter { !before.contains($0) }
        guard !applied.isEmpty else { return }
        try pool.write { db in
            for identifier in applied {
                try AuditChain.append(
                    db,
                    time: clock(),
                    actor: actor,
                    action: "schema.migrate",
                    subject: "migration:\(identifier)",
                    details: [:]
                )
            }
        }
    }

    /// Appends the audit row for a change inside the change's transaction.
    func audit(_ db: Database, _ action: String, _ subject: String, _ details: [String: String] = [:]) throws {
        try AuditChain.append(db, time: clock(), actor: actor, action: action, subject: subject, details: details)
    }

    /// Callers see `StoreError` only; SQLite's own message is kept in the reason for the operator.
    private func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, error.message ?? "\(error)")
        }
    }
}
