/// The outcome of walking the audit chain: intact, or the first row that breaks it and how.
package enum AuditVerification: Sendable, Hashable {
    case ok(rows: Int64)
    case broken(AuditBreak)

    package var isOK: Bool {
        if case .ok = self { return true }
        return false
    }
}
