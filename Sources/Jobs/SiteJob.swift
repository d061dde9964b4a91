import Authority
import Foundation
import Site

/// Rebuilds the site: CA downloads, CRLs, pages and member status pages. Cheap when little
/// changed, since unchanged files are not rewritten.
package struct SiteJob: Job {
    package let name = "site"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let settings = context.authority.configuration.site
        let report = try SiteBuilder(
            authority: context.authority,
            output: URL(fileURLWithPath: settings.output),
            templates: URL(fileURLWithPath: settings.templates),
            content: URL(fileURLWithPath: settings.content)
        ).build()
        return "\(report.fileCount) files in \(settings.output)"
    }
}
