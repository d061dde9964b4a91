import Foundation

/// The name a member registers "as on the identity document": what assurers compare letter by
/// letter, and what certificates carry once assured.
///
/// Stored in Unicode Normalization Form C, so the same name typed on two keyboards is one string.
/// Only letters, combining marks, spaces and the punctuation names use (apostrophes, hyphens, full
/// stops, commas) are allowed: control characters, bidirectional overrides and zero-width characters
/// could make a name display as something it is not.
public enum PersonName {
    /// The longest name accepted, in characters.
    public static let maximumLength = 128

    /// Punctuation found in real names: O'Brien, Jean-Luc, J. R. R., "Smith, Jr.".
    static let punctuation: Set<Unicode.Scalar> = ["'", "\u{2019}", "-", "\u{2010}", ".", ","]

    /// The name in NFC with runs of spaces collapsed, or the reason it is refused.
    public static func normalised(_ raw: String) -> Result<String, PolicyViolation> {
        let nfc = raw.precomposedStringWithCanonicalMapping
        let words = nfc.split(separator: " ", omittingEmptySubsequences: true)
        let name = words.joined(separator: " ")
        guard !name.isEmpty else {
            return .failure(PolicyViolation(code: .malformedName, reason: "the name is empty"))
        }
        guard name.count <= maximumLength else {
            return .failure(
                PolicyViolation(code: .malformedName, reason: "the name must be at most \(maximumLength) characters")
            )
        }
        for scalar in name.unicodeScalars where !isAllowed(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            return .failure(
                PolicyViolation(
                    code: .malformedName,
                    reason:
                        "the name may hold only letters, spaces and ' - . , (it contains U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))"
                )
            )
        }
        guard name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            return .failure(PolicyViolation(code: .malformedName, reason: "the name must contain letters"))
        }
        return .success(name)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " || punctuation.contains(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            // Zero-width joiners are format characters, not marks, so they never get here.
            return true
        default:
            return false
        }
    }
}
