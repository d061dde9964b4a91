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

    @Option(
        help:
            "How many members join at the demo's meetups beyond its cast of ten (default 22: enough for the busiest assurer to reach 150 points)."
    )
    var members: Int = 22

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
