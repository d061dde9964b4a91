import Authority
import Foundation
import Mail
import Store

/// Answers the requests that intake recorded: each goes to the handler of its robot address, which
/// checks it and says what should happen; the robot then records the outcome, its probes and its mail
/// in one transaction. One bad request never stops the others: its failure becomes its own rejection.
package struct RequestsJob: Job {
    package let name = "requests"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let robot = try Robot(context: context)
        // Mail decided by a run that was killed before writing it goes out first.
        try robot.mail.flush()
        var counts: [String: Int] = [:]
        var last: Int64 = 0
        while true {
            let batch = try context.authority.store.requestIDs(in: .received, after: last, limit: 200)
            guard let end = batch.last else { break }
            last = end
            for id in batch {
                guard let request = try context.authority.store.request(id: id), request.state == .received else {
                    continue
                }
                counts[robot.answer(request).rawValue, default: 0] += 1
            }
            try robot.mail.flush()
        }
        try robot.mail.flush()
        try context.authority.store.pruneMailQueue(before: context.now.addingTimeInterval(-2 * 86_400))
        return counts.isEmpty
            ? "no requests" : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}
