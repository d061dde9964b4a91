import ArgumentParser
import Authority
import Foundation
import Site

/// `vouch site build`.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "The generated site.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the site (only changed files are rewritten).")

        @OptionGroup var data: DataOptions

        @Option(help: "Where to write the site.")
        var out: String = "site"

        @Option(help: "The templates directory.")
        var templates: String = "Templates"

        @Option(help: "The content directory.")
        var content: String = "Content"

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            let report = try SiteBuilder(
                authority: authority,
                output: URL(fileURLWithPath: out),
                templates: URL(fileURLWithPath: templates),
                content: URL(fileURLWithPath: content)
            ).build()
            print("site: \(report.fileCount) files in \(out), \(report.changedCount) changed")
        }
    }
}
