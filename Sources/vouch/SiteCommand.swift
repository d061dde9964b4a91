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
        static let configuration = CommandConfiguration(
            abstract: "Render the site (incremental; the new version replaces the old one at once)."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "Where to write the site (default: the configured site folder).")
        var out: String?

        @Option(help: "Your templates folder, overriding the built-in templates file by file (default: configured).")
        var templates: String?

        @Option(help: "Your content folder, overriding the built-in pages file by file (default: configured).")
        var content: String?

        @Option(help: "Build as of this time (ISO 8601), for tests.")
        var now: String?

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            let settings = authority.configuration.site
            let output = out ?? settings.output
            var when = Date()
            if let now {
                guard let parsed = ISO8601DateFormatter().date(from: now) else {
                    throw AuthorityError(
                        .invalidConfiguration,
                        "--now must be an ISO 8601 time such as 2026-12-01T12:00:00Z"
                    )
                }
                when = parsed
            }
            let bar = ProgressBar()
            var progress: (@Sendable (Int, Int) -> Void)?
            if bar.isEnabled { progress = { @Sendable done, total in bar.show(done, total) } }
            let report = try SiteBuilder(
                authority: authority,
                output: URL(fileURLWithPath: output),
                templates: URL(fileURLWithPath: templates ?? settings.templates),
                content: URL(fileURLWithPath: content ?? settings.content),
                now: when,
                progress: progress
            ).build()
            bar.finish()
            print("site: \(report.summary) (\(output))")
        }
    }
}

/// A one-line progress bar on stderr when it is a terminal; nothing under cron.
struct ProgressBar: Sendable {
    let isEnabled = isatty(STDERR_FILENO) == 1

    func show(_ done: Int, _ total: Int) {
        guard isEnabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let line =
            "\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] "
            + "\(done)/\(total) member pages"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if isEnabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
