import ArgumentParser
import Authority
import Foundation

/// `vouch keys rewrap`: the CA keys' encryption.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Keys: the subscriber key blocklist, and re-encryption of the CA keys.",
        subcommands: [Block.self, Rewrap.self]
    )

    struct Block: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Block subscriber keys: no certificate is issued for them again."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "The SHA-256 of the key's SubjectPublicKeyInfo, in hexadecimal.")
        var spkiSha256: String?

        @Option(help: "A PEM public key, certificate or certificate request whose key to block.")
        var pem: String?

        @Option(help: "A file of SPKI SHA-256 values, one per line ('#' starts a comment).")
        var list: String?

        @Option(help: "Why, for the audit log.")
        var reason: String = "blocked by the operator"

        func run() throws {
            let given = [spkiSha256 != nil, pem != nil, list != nil].filter { $0 }.count
            guard given == 1 else { throw AuthorityError(.refused, "give one of --spki-sha256, --pem or --list") }
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            var hashes: [String] = []
            if let spkiSha256 { hashes = [spkiSha256] }
            if let pem {
                guard let text = FileManager.default.contents(atPath: pem).map({ String(decoding: $0, as: UTF8.self) })
                else {
                    throw AuthorityError(.io, "cannot read \(pem)")
                }
                hashes = [try authority.keyFingerprint(pem: text)]
            }
            if let list {
                guard let text = FileManager.default.contents(atPath: list).map({ String(decoding: $0, as: UTF8.self) })
                else {
                    throw AuthorityError(.io, "cannot read \(list)")
                }
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let value = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                        .trimmingCharacters(in: .whitespaces)
                    guard !value.isEmpty else { continue }
                    guard value.count == 64, value.allSatisfy(\.isHexDigit) else {
                        throw AuthorityError(.refused, "\(list):\(number + 1): not a SHA-256 in hexadecimal")
                    }
                    hashes.append(value.lowercased())
                }
            }
            let added = try authority.blockKeys(spkiSHA256: hashes, reason: reason)
            print("blocked \(hashes.count) keys (\(added) new)")
        }
    }

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
