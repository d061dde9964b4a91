import Store

/// Probe tokens: 130 bits from the system CSPRNG, written as 26 characters of lower-case base32,
/// because some mail systems fold the case of an address.
package enum ProbeToken {
    package static func generate() -> String { RandomID.base32(characters: 26) }

    /// Whether `token` could be one of ours; anything else is refused before the registry is asked.
    package static func isWellFormed(_ token: String) -> Bool {
        token.count == 26 && token.allSatisfy { RandomID.alphabet.contains($0) }
    }
}
