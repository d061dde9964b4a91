import Foundation
import PKI
import Store

/// Probe tokens: 130 bits from the system CSPRNG, written as 26 characters of lower-case base32,
/// because some mail systems fold the case of an address.
///
/// Each token has a confirmation code, derived from it, which the probe mail shows and a reply must
/// carry in its own text or subject: an auto-responder that answers the `verify+TOKEN@` address
/// without quoting the message (or only quoting it) does not confirm anything.
package enum ProbeToken {
    package static func generate() -> String { RandomID.base32(characters: 26) }

    /// Whether `token` could be one of ours; anything else is refused before the registry is asked.
    package static func isWellFormed(_ token: String) -> Bool {
        token.count == 26 && token.allSatisfy { RandomID.alphabet.contains($0) }
    }

    /// The confirmation code of a token: 10 base32 characters of a SHA-256 over it, shown as `XXXXX-XXXXX`.
    package static func code(for token: String) -> String {
        let digest = Digest.sha256(Array("vouch confirmation code\u{0}\(token.lowercased())".utf8))
        let alphabet = RandomID.alphabet.map { Character($0.uppercased()) }
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        let characters = (0..<10).map { index in alphabet[Int((value >> UInt64(index * 5)) & 31)] }
        return String(characters[0..<5]) + "-" + String(characters[5..<10])
    }

    /// Whether a reply carries the code of `token` in its subject or in a line of its own text that is
    /// not quoted (`>`); case, spaces and the hyphen do not matter.
    package static func replyCarriesCode(for token: String, subject: String, text: String) -> Bool {
        let wanted = code(for: token).replacingOccurrences(of: "-", with: "")
        func carries(_ line: Substring) -> Bool {
            let squeezed = line.uppercased().filter { $0.isLetter || $0.isNumber }
            return squeezed.contains(wanted)
        }
        if carries(Substring(subject)) { return true }
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(">") { continue }
            if carries(trimmed) { return true }
        }
        return false
    }
}
