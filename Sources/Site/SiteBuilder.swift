import Authority
import Bundles
import Foundation
import Mustache
import PKI

/// Renders the public site: the pages from `Content/`, the CA certificates in every form a relying
/// party asks for, and the CRLs, under the same paths as the URLs in the certificates.
package struct SiteBuilder: Sendable {
    package let authority: CertificateAuthority
    package let output: URL
    package let templates: URL
    package let content: URL

    package init(authority: CertificateAuthority, output: URL, templates: URL, content: URL) {
        self.authority = authority
        self.output = output
        self.templates = templates
        self.content = content
    }

    /// What a build wrote, relative to the output directory.
    package struct Report: Sendable {
        /// Files in the site after the build, written or already up to date (a count, not a list:
        /// one page per member would make a list grow with the registry).
        package var fileCount = 0
        /// Files whose contents changed in this build.
        package var changedCount = 0
    }

    /// Builds the site. Every file is written atomically, so a web server never serves half of one.
    @discardableResult
    package func build() throws -> Report {
        var report = Report()
        let pageTemplate = try loadTemplate("site/page")
        var authorities: [[String: String]] = []
        for name in CAName.allCases {
            let certificate = try authority.certificate(name)
            let base = "ca/\(name.fileName)"
            try write(try certificate.pem, to: "\(base).pem", report: &report)
            try write(Array(try certificate.der), to: "\(base).der", report: &report)
            try write(try certificate.text, to: "\(base).txt", report: &report)
            let crlFile = authority.directory.crlFile(name.fileName)
            if let crl = FileManager.default.contents(atPath: crlFile.path) {
                try write(Array(crl), to: "crl/\(name.fileName).crl", report: &report)
            }
            authorities.append([
                "name": name.fileName,
                "commonName": certificate.subject.commonName ?? name.fileName,
                "sha256": try certificate.sha256Fingerprint.colonHex,
                "sha1": try certificate.sha1Fingerprint.colonHex,
                "notBefore": Self.day(certificate.notBefore),
                "notAfter": Self.day(certificate.notAfter),
                "hasCRL": FileManager.default.fileExists(atPath: crlFile.path) ? "yes" : "",
            ])
        }
        try write(
            authorities.map { "\($0["name"]!)  SHA-256 \($0["sha256"]!)\n\($0["name"]!)  SHA-1   \($0["sha1"]!)\n" }
                .joined(),
            to: "ca/fingerprints.txt",
            report: &report
        )

        for page in try pages() {
            let markdown = try String(contentsOf: content.appendingPathComponent(page.source), encoding: .utf8)
            let context: [String: Any] = [
                "title": page.title, "caName": authority.configuration.name, "body": Markdown.html(markdown),
                "authorities": authorities, "mailDomain": authority.configuration.mailDomain,
            ]
            try write(pageTemplate.render(context), to: page.output, report: &report)
        }
        try write("User-agent: *\nDisallow: /members/\n", to: "robots.txt", report: &report)
        try buildMemberPages(report: &report)
        try BundlePublisher.publish(authority.directory, into: output)  // root bundles (issue 10)
        return report
    }

    /// One page per member at `members/STATUS-ID.html`: an unguessable capability URL, not indexed,
    /// without the date of birth. Pages whose id was rotated away (`status@`) are removed, so an old
    /// link stops working at this build.
    private func buildMemberPages(report: inout Report) throws {
        let template = try loadTemplate("site/member")
        try authority.store.forEachMember { member in
            let memberReport = try authority.memberReport(member)
            let context: [String: Any] = [
                "caName": authority.configuration.name, "mailDomain": authority.configuration.mailDomain,
                "member": memberReport, "profiles": memberReport.privileges.profiles.joined(separator: ", "),
                "hasCertificates": !memberReport.certificates.isEmpty,
            ]
            try write(template.render(context), to: "members/\(member.statusPageID).html", report: &report)
        }
        // Each existing page is checked against the registry rather than against a list of the pages
        // just written, so memory stays flat however many members there are.
        let directory = output.appendingPathComponent("members")
        guard let names = FileManager.default.enumerator(atPath: directory.path) else { return }
        while let name = names.nextObject() as? String {
            let id = name.hasSuffix(".html") ? String(name.dropLast(5)) : name
            if try authority.store.member(byStatusPageID: id) == nil {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    private func loadTemplate(_ name: String) throws -> MustacheTemplate {
        let file = templates.appendingPathComponent("\(name).mustache")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AuthorityError(.invalidConfiguration, "the template \(file.path) is missing")
        }
        do {
            return try MustacheTemplate(string: String(decoding: data, as: UTF8.self))
        } catch {
            throw AuthorityError(.invalidConfiguration, "the template \(file.path) does not parse: \(error)")
        }
    }

    private struct Page {
        let source: String
        let output: String
        let title: String
    }

    /// Every `Content/*.md`, each to `NAME.html`; the title is the first `# ` heading.
    private func pages() throws -> [Page] {
        let names = try FileManager.default.contentsOfDirectory(atPath: content.path).filter { $0.hasSuffix(".md") }
            .sorted()
        return try names.map { name in
            let text = try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
            let heading = text.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
            return Page(
                source: name,
                output: String(name.dropLast(3)) + ".html",
                title: heading ?? String(name.dropLast(3))
            )
        }
    }

    private func write(_ text: String, to path: String, report: inout Report) throws {
        try write(Array(text.utf8), to: path, report: &report)
    }

    private func write(_ bytes: [UInt8], to path: String, report: inout Report) throws {
        let target = output.appendingPathComponent(path)
        // Unchanged files are left alone, so a rebuild touches only what changed.
        report.fileCount += 1
        if let existing = FileManager.default.contents(atPath: target.path), Array(existing) == bytes { return }
        try AtomicFile.write(bytes, to: target)
        report.changedCount += 1
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
