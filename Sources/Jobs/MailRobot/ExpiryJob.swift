import Authority
import Foundation
import Store

/// Expires requests nobody confirmed: registrations, addresses and domains wait 48 hours (by
/// default), then lapse; the member starts again with a new mail.
package struct ExpiryJob: Job {
    package let name = "expire"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let hours = context.authority.configuration.mail.requestExpiryHours
        let cutoff = context.now.addingTimeInterval(-TimeInterval(hours) * 3_600)
        var stale: [Request] = []
        try context.authority.store.forEachRequest(in: .waitingConfirmation, receivedBefore: cutoff) {
            stale.append($0)
        }
        for request in stale {
            try context.authority.store.moveRequest(
                id: request.id,
                to: .expired,
                result: "not confirmed within \(hours) hours"
            )
        }
        return "\(stale.count) requests expired"
    }
}
