import Authority
import Foundation

/// One batch job. Jobs are idempotent: run twice, or killed at any point and run again, the result
/// is that of one clean run (DESIGN.md "Data flow").
package protocol Job: Sendable {
    /// The name used on the command line, in `jobs/` and in the registry's job runs.
    var name: String { get }
    /// When a scheduled (`--due`) run should include it, in words for `vouch jobs list`.
    var schedule: String { get }
    /// Whether a `--due` run at `now` should run it, given when it last ran successfully.
    func isDue(lastSuccess: Date?, context: JobContext) throws -> Bool
    /// Does the work and says in one line what it did. Bad input is answered inside the job, never
    /// thrown; a thrown error means the job itself could not go on.
    func run(_ context: JobContext) throws -> String
}

extension Job {
    package func isDue(lastSuccess: Date?, context: JobContext) throws -> Bool { true }
}

/// What every job gets: the opened CA, the time of the run, and a way to say what is happening.
package struct JobContext: Sendable {
    package let authority: CertificateAuthority
    package let now: Date
    /// Whether `now` was set by hand (`vouch jobs run --now`, for tests of expiry and limits) rather
    /// than read from the clock. Nothing is signed under a pinned clock: certificates and CRLs carry
    /// the real time, so `--now` can never backdate them.
    package let clockIsPinned: Bool
    package let say: @Sendable (String) -> Void

    package init(
        authority: CertificateAuthority,
        now: Date = Date(),
        clockIsPinned: Bool = false,
        say: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.authority = authority
        self.now = now
        self.clockIsPinned = clockIsPinned
        self.say = say
    }

    /// Stops a job that would sign under a pinned clock.
    package func requireRealClock(_ job: String) throws {
        guard !clockIsPinned else {
            throw AuthorityError(
                .refused,
                "the \(job) job signs, and signatures carry the real time: run it without --now"
            )
        }
    }
}
