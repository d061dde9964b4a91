import Authority
import Foundation
import Store

extension Doctor {
    /// Requests that should have moved on: unconfirmed ones older than the expiry the expire job
    /// applies, and received or queued ones a day old (the requests and csr jobs take them each run).
    func requestFindings(_ authority: CertificateAuthority, now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let hours = authority.configuration.mail.requestExpiryHours
        var unexpired = 0
        try authority.store.forEachRequest(
            in: .waitingConfirmation,
            receivedBefore: now.addingTimeInterval(-TimeInterval(hours) * 3_600)
        ) { _ in unexpired += 1 }
        if unexpired > 0 {
            findings.append(
                Finding(
                    .warning,
                    "requests",
                    "\(unexpired) request(s) have waited for confirmation longer than their \(hours)-hour expiry",
                    remedy: "run `vouch jobs run expire`, and check the cron or timer that runs the jobs"
                )
            )
        }
        for state in [RequestState.received, .queued] {
            var stuck = 0
            try authority.store.forEachRequest(in: state, receivedBefore: now.addingTimeInterval(-Self.backlogAge)) {
                _ in stuck += 1
            }
            if stuck > 0 {
                findings.append(
                    Finding(
                        .warning,
                        "requests",
                        "\(stuck) request(s) have been \(state.rawValue) for more than a day",
                        remedy: "run `vouch jobs run requests csr` and read what they report"
                    )
                )
            }
        }
        return findings
    }
}
