import ArgumentParser
import Authority
import Bundles
import Foundation

/// `vouch bundles build`: the bundles job, run on its own.
struct BundlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundles",
        abstract: "Root bundles for distribution packagers.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release a new root bundle if the CA set or its trust changed (SOURCE_DATE_EPOCH fixes its time)."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var passphrase: PassphraseOptions

        func run() throws {
            let authority = try CertificateAuthority.open(
                data.directory,
                passphrase: try passphrase.resolveIfGiven(),
                actor: "operator"
            )
            let releaser = BundleReleaser(
                authority: authority,
                releaseTime: try BundleReleaser.releaseTime(now: Date())
            )
            switch try releaser.run() {
            case .released(let release, let directory):
                print("released \(release.version) in \(directory.path)")
            case .unchanged(let release):
                print("unchanged since \(release.version): nothing written")
            }
        }
    }
}
