import Authority
import Bundles
import Foundation
import PKI
import Store

/// Renders the public site from `Content/`, the templates and the registry: policy documents and
/// help, the roots page with every CA certificate and CRL, statistics, the Atom feed, and one
/// private status page per member.
///
/// Incremental: a page is rendered only when the hash of its inputs (templates, content,
/// configuration, its data) changed, and the audit log tells which members changed since the last
/// build, so a build with no change reads no member and writes nothing. Atomic: changes go into a
/// staging clone of the site that replaces it in one step (`SitePublisher`).
package struct SiteBuilder: Sendable {
    package let authority: CertificateAuthority
    package let output: URL
    package let templates: TemplateLibrary
    package let content: TemplateLibrary
    package let now: Date
    /// Called as member pages are checked (done, total), for a progress bar.
    package let progress: (@Sendable (Int, Int) -> Void)?

    /// `templates` and `content` are the operator's folders, each overriding the built-in defaults
    /// file by file; a missing folder means the defaults alone.
    package init(
        authority: CertificateAuthority,
        output: URL,
        templates: URL?,
        content: URL?,
        now: Date = Date(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.authority = authority
        self.output = output.standardizedFileURL
        self.templates = .templates(overriding: templates)
        self.content = .content(overriding: content)
        self.now = now
        self.progress = progress
    }

    /// What a build did.
    package struct Report: Sendable, Hashable {
        /// Files written (new or changed).
        package var written = 0
        /// Files checked and left as they were.
        package var unchanged = 0
        /// Files removed (pages of rotated links, files no longer produced).
        package var removed = 0
        /// Member pages whose inputs were checked this build (0 when the audit log showed no change).
        package var membersChecked = 0
        package var seconds = 0.0

        /// Files in the site after the build, written or unchanged.
        package var fileCount: Int { written + unchanged }
        /// Files whose contents changed in this build.
        package var changedCount: Int { written + removed }

        /// The one summary line a build prints.
        package var summary: String {
            "\(written) written, \(unchanged) unchanged, \(removed) removed, "
                + String(format: "%.2f s", seconds)
        }
    }

    /// Builds the site. Throws, leaving the published site as it was, when a template, a page or
    /// the registry is wrong.
    @discardableResult
    package func build() throws -> Report {
        let started = Date()
        let build = try SiteBuild(builder: self)
        do {
            try build.run()
        } catch {
            build.publisher.discard()
            throw error
        }
        var report = build.report
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}
