/// Probe tokens: 130 bits from the system CSPRNG, written as 26 characters of lower-case base32
/// (RFC 4648 alphabet, no padding), because some mail systems fold the case of an address.
package enum ProbeToken {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<26).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    /// Whether `token` could be one of ours; anything else is refused before the registry is asked.
    package static func isWellFormed(_ token: String) -> Bool {
        token.count == 26 && token.allSatisfy { alphabet.contains($0) }
    }
}
