import Authority
import Foundation
import Site

/// Rebuilds the site: CA downloads, CRLs, pages and member status pages. Cheap when little
/// changed: the audit log names the members whose pages may have changed, unchanged pages are not
/// rendered, and the new version replaces the old one in one step.
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
            content: URL(fileURLWithPath: settings.content),
            now: context.now
        ).build()
        return "\(settings.output): \(report.summary)"
    }
}
