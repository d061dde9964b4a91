import Foundation
import Store

/// Where the CA keys' passphrases come from: an environment variable or a file, never a
/// command-line argument (which any local user could read from the process list).
///
/// The issuing keys' passphrase is `VOUCH_PASSPHRASE`; the root key's, which only the ceremony and
/// `vouch root …` need, is `VOUCH_ROOT_PASSPHRASE`. A variable is removed from the environment as
/// soon as it is read, so no child process (sendmail) inherits it.
package enum Passphrase {
    /// The shortest passphrase the key ceremony accepts.
    package static let minimumLength = 16

    /// The environment variable of the issuing keys' passphrase.
    package static let variable = "VOUCH_PASSPHRASE"
    /// The environment variable of the root key's passphrase.
    package static let rootVariable = "VOUCH_ROOT_PASSPHRASE"

    /// Reads the passphrase from `file` if given, else from `variable`; throws when neither has one.
    package static func resolve(file: String?, variable: String = Passphrase.variable) throws -> String {
        guard let found = try resolveIfGiven(file: file, variable: variable) else {
            let option = variable == rootVariable ? "--root-passphrase-file" : "--passphrase-file"
            throw AuthorityError(.passphraseMissing, "no passphrase: set \(variable) or pass \(option) FILE")
        }
        return found
    }

    /// Like `resolve`, but nil when no passphrase was given at all (commands that sign only when they
    /// can). A named file that cannot be read is still an error: it was meant to be used.
    package static func resolveIfGiven(file: String?, variable: String = Passphrase.variable) throws -> String? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw AuthorityError(.passphraseMissing, "cannot read the passphrase file \(file)")
            }
            // One line; a trailing newline from an editor or `echo` is not part of it.
            let text = String(decoding: data, as: UTF8.self)
            let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let passphrase = String(line.hasSuffix("\r") ? line.dropLast() : line)
            guard !passphrase.isEmpty else {
                throw AuthorityError(.passphraseMissing, "the passphrase file \(file) is empty")
            }
            return passphrase
        }
        guard let pointer = getenv(variable) else { return nil }
        let value = String(cString: pointer)
        unsetenv(variable)
        return value.isEmpty ? nil : value
    }

    /// A new random passphrase (for the demo): 32 characters of base32, 160 bits.
    package static func generate() -> String { RandomID.base32(characters: 32) }
}
