import Foundation

/// Runs `body` over `items` on `workers` threads and returns the results in order: the CSR job's
/// checks, signatures and replies, the outbox's deliveries, a CA's CRL shards.
package enum ParallelMap {
    package static func run<Item: Sendable, Output: Sendable>(
        _ items: [Item],
        workers: Int,
        _ body: @Sendable (Item) -> Output
    ) -> [Output] {
        let results = ResultSlots<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { worker in
            var index = worker
            while index < items.count {
                results.set(index, body(items[index]))
                index += workers
            }
        }
        return results.values
    }
}

/// Results written by several threads, each to its own slot.
private final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
