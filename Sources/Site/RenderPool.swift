import Dispatch
import Foundation

/// Renders and writes member pages on every core while the member walk goes on reading the
/// registry: the walk reads and hashes (one SQLite connection, in order), the pool renders and
/// writes. At most `capacity` pages wait at a time, so memory stays flat however many members
/// there are.
final class RenderPool: @unchecked Sendable {
    // @unchecked: the counters and the first error are only touched under `lock`.
    private let queue = DispatchQueue(label: "vouch.site.render", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: (any Error)?
    private(set) var written = 0
    private(set) var unchanged = 0

    init(capacity: Int = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)) {
        slots = DispatchSemaphore(value: capacity)
    }

    /// Queues one page; `job` returns whether it wrote the file. Throws the first error a job threw.
    func submit(_ job: @escaping @Sendable () throws -> Bool) throws {
        try rethrowFailure()
        slots.wait()
        group.enter()
        queue.async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            do {
                let wrote = try job()
                lock.withLock { if wrote { written += 1 } else { unchanged += 1 } }
            } catch {
                lock.withLock { if failure == nil { failure = error } }
            }
        }
    }

    /// Waits for every queued page.
    func finish() throws {
        group.wait()
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = lock.withLock({ failure }) { throw error }
    }
}
