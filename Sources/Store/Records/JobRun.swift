import Foundation
import GRDB

/// One execution of a batch job, for `vouch jobs list` and `--due` scheduling.
package struct JobRun: Sendable, Hashable {
    package var id: Int64
    package var job: String
    package var startedAt: Date
    /// Nil while running, or when the run was killed; the next run then starts over.
    package var finishedAt: Date?
    package var outcome: String?
    package var detail: String?
}

extension JobRun: FetchableRecord {
    static let columns = "id, job, started_at, finished_at, outcome, detail"

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        job = try row.decode(forColumn: "job")
        startedAt = try row.decode(forColumn: "started_at")
        finishedAt = try row.decode(forColumn: "finished_at")
        outcome = try row.decode(forColumn: "outcome")
        detail = try row.decode(forColumn: "detail")
    }
}
