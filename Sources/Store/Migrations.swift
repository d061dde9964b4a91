import GRDB

/// Schema history. GRDB records each applied migration in `grdb_migrations`, so running the
/// migrator on an up-to-date file does nothing and an empty file gets every version in order.
enum Migrations {
    /// The identifiers of every migration, oldest first; tests assert the file reports them all.
    static let identifiers = ["v1-registry"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            for statement in Schema.version1 {
                try db.execute(sql: statement)
            }
        }
        return migrator
    }
}
