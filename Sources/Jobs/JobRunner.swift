import Authority
import Failure
import Foundation
import Store

/// Runs jobs once, in dependency order, under the data directory's lock, recording each run.
package struct JobRunner: Sendable {
    package let jobs: [any Job]

    package init(jobs: [any Job]) { self.jobs = jobs }

    /// The outcome of one job in a run.
    package struct Outcome: Sendable {
        package let job: String
        package let succeeded: Bool
        package let detail: String
    }

    /// Runs `names` (all jobs when empty), or with `dueOnly` those whose schedule says so. A failing
    /// job is recorded and the others still run; the caller sees every outcome.
    package func run(_ names: [String], dueOnly: Bool, context: JobContext) throws -> [Outcome] {
        let unknown = names.filter { name in !jobs.contains { $0.name == name } }
        guard unknown.isEmpty else {
            throw AuthorityError(
                .refused,
                "unknown job \(unknown.joined(separator: ", ")); the jobs are \(jobs.map(\.name).joined(separator: ", "))"
            )
        }
        let lock = try JobLock(context.authority.directory)
        defer { withExtendedLifetime(lock) {} }
        let store = context.authority.store
        var outcomes: [Outcome] = []
        for job in jobs where names.isEmpty || names.contains(job.name) {
            if dueOnly {
                let last = try store.lastJobRun(job: job.name, succeeded: true)
                guard try job.isDue(lastSuccess: last?.startedAt, context: context) else { continue }
            }
            let record = try store.startJobRun(job: job.name, at: context.now)
            do {
                let detail = try job.run(context)
                try store.finishJobRun(id: record.id, outcome: "ok", detail: detail)
                outcomes.append(Outcome(job: job.name, succeeded: true, detail: detail))
            } catch {
                let detail = failureReason(error)
                try store.finishJobRun(id: record.id, outcome: "failed", detail: detail)
                outcomes.append(Outcome(job: job.name, succeeded: false, detail: detail))
            }
        }
        return outcomes
    }
}
