import Authority
import Foundation
import Jobs

extension Doctor {
    /// Within how long a due job is expected to have run, when cron or a timer runs `jobs run --due`.
    static let scheduleSlack: TimeInterval = 86_400

    /// Each job's last run: a failure needs action (it is recorded, and cron mailed it once); a run
    /// that never finished, a job never run, or one due but not run for a day is a warning.
    func jobFindings(_ authority: CertificateAuthority, now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let formatter = ISO8601DateFormatter()
        let context = JobContext(authority: authority, now: now, clockIsPinned: true)
        var overdue: [(String, Date?)] = []
        for job in JobCatalog.standard {
            guard let last = try authority.store.lastJobRun(job: job.name) else {
                findings.append(
                    Finding(
                        .warning,
                        "jobs",
                        "the \(job.name) job has never run",
                        remedy: "schedule `vouch jobs run --due` (jobs/ has a crontab and systemd timers)"
                    )
                )
                continue
            }
            let started = formatter.string(from: last.startedAt)
            switch last.outcome {
            case "failed":
                findings.append(
                    Finding(
                        .action,
                        "jobs",
                        "the \(job.name) job failed on its last run (\(started)): \(last.detail ?? "no detail")",
                        remedy: "fix the cause and run `vouch jobs run \(job.name)`"
                    )
                )
                continue
            case nil:
                findings.append(
                    Finding(
                        .warning,
                        "jobs",
                        "the \(job.name) job's last run (\(started)) never finished: killed, or still running",
                        remedy: "if no `vouch jobs` is running, run `vouch jobs run \(job.name)` (jobs are idempotent)"
                    )
                )
                continue
            default:
                break
            }
            let success = try authority.store.lastJobRun(job: job.name, succeeded: true)
            let since = success.map { now.timeIntervalSince($0.startedAt) } ?? .infinity
            if since > Self.scheduleSlack, try job.isDue(lastSuccess: success?.startedAt, context: context) {
                overdue.append((job.name, success?.startedAt))
            }
        }
        // A stopped cron makes every job overdue at once: one line for all of them.
        if !overdue.isEmpty {
            let oldest = overdue.compactMap(\.1).min().map { formatter.string(from: $0) } ?? "never"
            findings.append(
                Finding(
                    .warning,
                    "jobs",
                    "due but not run for over a day: \(overdue.map(\.0).joined(separator: ", ")) (oldest last success \(oldest))",
                    remedy: "check that cron or the systemd timer runs `vouch jobs run --due`"
                )
            )
        }
        return findings
    }
}
