import ArgumentParser
import Authority
import Foundation
import Jobs

/// `vouch jobs run [JOB…] [--due]` and `vouch jobs list`.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "The batch jobs.",
        subcommands: [Run.self, List.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run jobs once, in dependency order (all of them when none is named)."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var passphrase: PassphraseOptions

        @Flag(help: "Run only the jobs whose schedule says they are due (for cron).")
        var due = false

        @Argument(help: "Jobs to run: intake, requests, expire, outbound, crl, bundles, site.")
        var jobs: [String] = []

        @Flag(name: .shortAndLong, help: "Report every job's result even when not on a terminal.")
        var verbose = false

        @Option(help: .hidden)
        var now: String?

        func run() throws {
            // On a terminal, or asked to, say what each job did; under cron stay quiet unless a job
            // fails, so that cron mails only what needs the operator.
            let reporting = verbose || isatty(STDOUT_FILENO) != 0
            // `--now` runs the jobs as of another time: for tests of expiry and rate limits. Jobs that
            // sign refuse to run under it (JobContext.requireRealClock).
            var fixed: Date?
            if let now {
                guard let parsed = ISO8601DateFormatter().date(from: now) else {
                    throw AuthorityError(.refused, "--now must be an ISO 8601 time such as 2026-12-01T12:00:00Z")
                }
                fixed = parsed
            }
            let pinned = fixed
            let clock: @Sendable () -> Date = { pinned ?? Date() }
            let authority = try CertificateAuthority.open(
                data.directory,
                passphrase: try passphrase.resolveIfGiven(),
                actor: "jobs",
                clock: clock
            )
            let context = JobContext(authority: authority, now: clock(), clockIsPinned: pinned != nil) { line in
                if reporting { print(line) }
            }
            let outcomes = try JobRunner(jobs: JobCatalog.standard).run(jobs, dueOnly: due, context: context)
            for outcome in outcomes where reporting || !outcome.succeeded {
                print("\(outcome.job): \(outcome.succeeded ? "" : "FAILED: ")\(outcome.detail)")
            }
            let failed = outcomes.filter { !$0.succeeded }.map(\.job)
            if !failed.isEmpty {
                throw AuthorityError(.refused, "job \(failed.joined(separator: ", ")) failed; see above")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The jobs, their schedule, last run and result.")

        @OptionGroup var data: DataOptions

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            let formatter = ISO8601DateFormatter()
            for job in JobCatalog.standard {
                let last = try authority.store.lastJobRun(job: job.name)
                let when = last.map { formatter.string(from: $0.startedAt) } ?? "never"
                let result = last.map { "\($0.outcome ?? "running"): \($0.detail ?? "")" } ?? ""
                print(
                    "\(job.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(job.schedule.padding(toLength: 40, withPad: " ", startingAt: 0)) \(when)  \(result)"
                )
            }
        }
    }
}
