/// The first place the audit chain stops proving itself, for `vouch audit verify`.
package struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    /// What tampering the evidence points to.
    package enum Kind: String, Sendable, Hashable {
        /// The row's contents no longer match its hash.
        case edited
        /// One or more rows before `seq` are missing: a gap, or a link to a hash no row has.
        case deleted
        /// The row at `seq` is not part of the chain: the next row links past it.
        case inserted
        /// The row at `seq` links to a row stored after it.
        case reordered
    }

    package var kind: Kind
    /// The sequence number of the first bad row (for `deleted`, the row after the hole).
    package var seq: Int64
    package var explanation: String

    package var description: String { "audit row \(seq) \(kind.rawValue): \(explanation)" }
}
