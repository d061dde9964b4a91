/// Where a mailed request is in its life (DESIGN.md, data flow). Raw values are the spelling
/// stored in the database and shown to operators.
package enum RequestState: String, Sendable, Hashable, CaseIterable {
    case received
    case waitingConfirmation = "waiting-confirmation"
    /// Confirmed (or needing no confirmation) and waiting for a job to do the work: a CSR for the
    /// CSR job. The request's own row says what to do, so a crash loses nothing.
    case queued
    case done
    case rejected
    case expired

    /// Whether no further change is allowed; a finished request is never reopened, so a job
    /// that runs twice cannot act on it twice.
    package var isFinal: Bool {
        switch self {
        case .received, .waitingConfirmation, .queued: false
        case .done, .rejected, .expired: true
        }
    }

    /// The transitions the state machine allows.
    package func canMove(to next: RequestState) -> Bool {
        switch (self, next) {
        case (.received, .waitingConfirmation), (.received, .queued), (.received, .done), (.received, .rejected),
            (.received, .expired):
            true
        case (.waitingConfirmation, .queued), (.waitingConfirmation, .done), (.waitingConfirmation, .rejected),
            (.waitingConfirmation, .expired):
            true
        case (.queued, .done), (.queued, .rejected):
            true
        default:
            false
        }
    }
}
