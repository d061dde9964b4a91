import Foundation
import Store

/// Where the CA keys' passphrase comes from: `VOUCH_PASSPHRASE` or a file, never a command-line
/// argument (which any local user could read from the process list).
package enum Passphrase {
    /// The shortest passphrase the key ceremony accepts.
    package static let minimumLength = 16

    /// Reads the passphrase from `file` if given, else from `VOUCH_PASSPHRASE`.
    package static func resolve(
        file: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> String
    {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw AuthorityError(.passphraseMissing, "cannot read the passphrase file \(file)")
            }
            // One line; a trailing newline from an editor or `echo` is not part of it.
            let text = String(decoding: data, as: UTF8.self)
            let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return String(line.hasSuffix("\r") ? line.dropLast() : line)
        }
        if let value = environment["VOUCH_PASSPHRASE"], !value.isEmpty { return value }
        throw AuthorityError(
            .passphraseMissing,
            "no passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
        )
    }

    /// A new random passphrase (for the demo): 32 characters of base32, 160 bits.
    package static func generate() -> String { RandomID.base32(characters: 32) }
}
