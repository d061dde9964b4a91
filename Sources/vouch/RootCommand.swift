import ArgumentParser
import Authority
import Foundation

/// `vouch root sign-arl`: the yearly work that needs the offline root key.
struct RootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "root",
        abstract: "Work that needs the offline root key.",
        subcommands: [SignARL.self]
    )

    struct SignARL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-arl",
            abstract: "Sign the root's CA CRL (ARL) with the root key brought back from offline storage."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var rootPassphrase: RootPassphraseOptions

        @Option(help: "The encrypted root key file (an offline copy).")
        var rootKey: String

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            let root = try authority.rootIssuer(
                keyFile: URL(fileURLWithPath: rootKey),
                passphrase: try rootPassphrase.resolve()
            )
            let signed = try authority.signARL(by: root)
            print(
                "signed the root ARL #\(signed.number) (\(signed.entries) entries), next update \(ISO8601DateFormatter().string(from: signed.nextUpdate)); take the root key offline again"
            )
        }
    }
}
