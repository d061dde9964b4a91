/// Where a mailed request is in its life (DESIGN.md, data flow). Raw values are the spelling
/// stored in the database and shown to operators.
package enum RequestState: String, Sendable, Hashable, CaseIterable {
    case received
    case waitingConfirmation = "waiting-confirmation"
    case done
    case rejected
    case expired

    /// Whether no further change is allowed; a finished request is never reopened, so a job
    /// that runs twice cannot act on it twice.
    package var isFinal: Bool {
        switch self {
        case .received, .waitingConfirmation: false
        case .done, .rejected, .expired: true
        }
    }

    /// The transitions the state machine allows.
    package func canMove(to next: RequestState) -> Bool {
        switch (self, next) {
        case (.received, .waitingConfirmation), (.received, .done), (.received, .rejected), (.received, .expired):
            true
        case (.waitingConfirmation, .done), (.waitingConfirmation, .rejected), (.waitingConfirmation, .expired):
            true
        default:
            false
        }
    }
}
