/// Unguessable text from the system CSPRNG in lower-case base32 (RFC 4648 alphabet, no padding),
/// because mail systems and URL handling may fold case. The registry mints its capability ids with
/// it; the robot's probe tokens and the demo's passphrase use the same generator.
package enum RandomID {
    package static let alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// `characters` base32 characters: 5 random bits each (32 divides 2^64, so no bias).
    package static func base32(characters: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<characters).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    /// A capability id: 26 characters, 130 bits.
    static func make() -> String { base32(characters: 26) }
}
