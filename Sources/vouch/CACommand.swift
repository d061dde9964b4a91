import ArgumentParser
import Authority
import Foundation

/// `vouch ca retire NAME --reason TEXT`.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "The CA certificates.",
        subcommands: [Retire.self]
    )

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a CA out of the trust stores: the next root bundle lists it as distrusted."
        )

        @OptionGroup var data: DataOptions

        @Argument(help: "The CA: root, tls, smime or codesign (as in the registry).")
        var name: String

        @Option(help: "Why, for the CHANGES file of the next release.")
        var reason: String

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            try authority.retire(name, reason: reason)
            print("retired \(name); the next `vouch bundles build` (or bundles job) lists it as distrusted")
        }
    }
}
