/// What DNSSEC validation said of an answer (RFC 4035 §4.3): `secure` when a chain of signatures
/// leads from a trust anchor to it, `insecure` when the zone is provably unsigned, `bogus` when the
/// signatures are wrong, missing where they must be, or expired. A bogus answer is never used.
package enum DNSSECState: String, Sendable, Hashable, Codable, CaseIterable {
    case secure
    case insecure
    case bogus
}
