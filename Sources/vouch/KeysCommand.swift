import ArgumentParser
import Authority
import Foundation

/// `vouch keys rewrap`: the CA keys' encryption.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The CA keys: re-encryption.",
        subcommands: [Rewrap.self]
    )

    struct Rewrap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt the keys in keys/ (or an offline root key) with today's key sealing."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var rootPassphrase: RootPassphraseOptions

        @Option(help: "A file with a new passphrase to seal the keys under (default: keep the current one).")
        var newPassphraseFile: String?

        @Option(help: "Rewrap this offline root key file instead, under the root passphrase.")
        var rootKey: String?

        func run() throws {
            let fresh = try newPassphraseFile.map { try Passphrase.resolve(file: $0) }
            if let rootKey {
                let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
                try authority.rewrapRootKey(
                    file: URL(fileURLWithPath: rootKey),
                    passphrase: try rootPassphrase.resolve(),
                    newPassphrase: fresh
                )
                print("rewrapped \(rootKey)")
                return
            }
            let authority = try CertificateAuthority.open(
                data.directory,
                passphrase: try passphrase.resolve(),
                actor: "operator"
            )
            let files = try authority.rewrapKeys(newPassphrase: fresh)
            print("rewrapped \(files.map(\.lastPathComponent).joined(separator: ", "))")
        }
    }
}
