import ArgumentParser
import Authority
import Foundation
import Jobs

/// `vouch demo`: a complete demo CA in the data directory and its site.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a complete demo CA on an embedded default (data directory and site/)."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "How many synthetic members (4 to 6; founders are the first four).")
    var members: Int = 5

    @Option(help: "Where to write the site.")
    var out: String = "site"

    @Option(help: "The templates directory.")
    var templates: String = "Templates"

    @Option(help: "The content directory.")
    var content: String = "Content"

    func run() throws {
        let summary = try Jobs.Demo(
            directory: data.directory,
            siteOutput: URL(fileURLWithPath: out),
            templates: URL(fileURLWithPath: templates),
            content: URL(fileURLWithPath: content),
            memberCount: members,
            say: { print($0) }
        ).run()
        print(
            "demo: \(summary.issued.count) certificates issued this run, \(summary.crls.count) CRLs signed, \(summary.siteFiles) site files"
        )
    }
}
