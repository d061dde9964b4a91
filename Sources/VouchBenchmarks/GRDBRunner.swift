import Foundation
import GRDB

/// Runs a named query's SQL through GRDB the way the Store does (a statement prepared per call,
/// arguments bound, every row stepped), on its own connection in autocommit mode like the shell's.
///
/// Its own `DatabaseQueue` rather than the Store's pool: the Store exposes its queries as text for
/// exactly this, and the comparison with the `sqlite3` shell is about the same SQL on the same file,
/// not about a method's record decoding.
struct GRDBRunner {
    let queue: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        // As the Store opens the file; foreign keys matter for the one write (nextCRLNumber).
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs the query `repetitions` times and returns the rows of one run and the time of all.
    func run(sql: String, arguments: [DatabaseValue], repetitions: Int) throws -> (rows: Int, elapsed: Duration) {
        try queue.inDatabase { db in
            var rows = 0
            var checksum = 0
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<repetitions {
                rows = 0
                let statement = try db.makeStatement(sql: sql)
                statement.setUncheckedArguments(StatementArguments(arguments))
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    rows += 1
                    // Copy every value out, as the shell formats every value: a fair amount of work.
                    for value in row.databaseValues {
                        checksum &+= value.isNull ? 0 : 1
                    }
                }
            }
            let elapsed = clock.now - start
            // Keeps the value reads from being optimised away.
            if checksum == -1 { print("") }
            return (rows, elapsed)
        }
    }
}
