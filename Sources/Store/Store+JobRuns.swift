import Foundation
import GRDB

extension Store {
    /// Records the start of a job run; a run with no finish time was interrupted.
    @discardableResult
    package func startJobRun(job: String, at time: Date? = nil) throws -> JobRun {
        let job = try InputCheck.text(job, field: "job name")
        return try write { db in
            try db.execute(
                sql: "INSERT INTO job_runs (job, started_at) VALUES (?, ?)",
                arguments: [job, time ?? clock()]
            )
            let id = db.lastInsertedRowID
            try audit(db, "job.start", "job-run:\(id)", ["job": job])
            return try Self.requireJobRun(db, id: id)
        }
    }

    /// Records how a run ended (`ok`, `failed`, `skipped`, …) with a one-line detail.
    @discardableResult
    package func finishJobRun(
        id: Int64,
        outcome: String,
        detail: String? = nil,
        at time: Date? = nil
    ) throws -> JobRun {
        let outcome = try InputCheck.text(outcome, field: "outcome")
        return try write { db in
            let run = try Self.requireJobRun(db, id: id)
            try db.execute(
                sql: "UPDATE job_runs SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?",
                arguments: [time ?? clock(), outcome, detail, id]
            )
            try audit(db, "job.finish", "job-run:\(id)", ["job": run.job, "outcome": outcome, "detail": detail ?? ""])
            return try Self.requireJobRun(db, id: id)
        }
    }

    package func jobRun(id: Int64) throws -> JobRun? {
        try read { db in try JobRun.fetchOne(try db.cachedStatement(sql: Queries.jobRunByID), arguments: [id]) }
    }

    /// The most recent run of `job`, for `vouch jobs list` and `--due`.
    package func lastJobRun(job: String) throws -> JobRun? {
        try read { db in try JobRun.fetchOne(try db.cachedStatement(sql: Queries.lastJobRun), arguments: [job]) }
    }

    /// The latest run of `job` that finished with outcome `ok` (the scheduler's "last success").
    package func lastJobRun(job: String, succeeded: Bool) throws -> JobRun? {
        guard succeeded else { return try lastJobRun(job: job) }
        return try read { db in
            try JobRun.fetchOne(try db.cachedStatement(sql: Queries.lastSuccessfulJobRun), arguments: [job])
        }
    }

    static func requireJobRun(_ db: Database, id: Int64) throws -> JobRun {
        guard let run = try JobRun.fetchOne(try db.cachedStatement(sql: Queries.jobRunByID), arguments: [id]) else {
            throw StoreError(.unknownJobRun, "no job run has id \(id)")
        }
        return run
    }
}
