import Authority
import Foundation
import PKI
import Store

/// The roots page's data: every CA certificate and every CRL the data directory holds.
struct RootsPage: Codable, Hashable {
    struct CA: Codable, Hashable {
        var name: String
        var commonName: String
        var subject: String
        var issuer: String
        var purpose: String
        var isRoot: Bool
        var keyType: String
        var notBefore: String
        var notAfter: String
        var sha256: String
        var sha1: String
    }

    struct CRL: Codable, Hashable {
        /// The path under `crl/`, e.g. `tls.crl` or `tls/3.crl`.
        var path: String
        var url: String
        var issuer: String
        var thisUpdate: String
        var nextUpdate: String
        var ageDays: Int
        var entries: Int
        var isOverdue: Bool
    }

    var cas: [CA]
    var crls: [CRL]
    var hasCRLs: Bool
    var hasBundles: Bool
}

extension SiteBuild {
    /// `ca/NAME.{pem,der,txt}`, `ca/fingerprints.txt`, every `*.crl` under the data directory's
    /// `crl/` at the same relative path (flat `crl/tls.crl` or sharded `crl/tls/0.crl`),
    /// `crl-urls.json` (the CCADB list) and `roots.html`.
    func buildRoots() throws {
        var cas: [RootsPage.CA] = []
        for record in try authority.store.issuingCAs() {
            guard Self.isFileName(record.name) else { continue }
            let certificate = try Certificate(der: Array(record.certificateDER))
            let base = "ca/\(record.name)"
            try emit("\(base).pem", try certificate.pem)
            try emit("\(base).der", Array(try certificate.der))
            try emit("\(base).txt", try certificate.text)
            cas.append(
                RootsPage.CA(
                    name: record.name,
                    commonName: certificate.subject.commonName ?? record.name,
                    subject: certificate.subject.description,
                    issuer: certificate.issuer.description,
                    purpose: record.purpose.rawValue,
                    isRoot: record.purpose == .root,
                    keyType: try certificate.publicKey.algorithmDescription,
                    notBefore: SiteDates.day(certificate.notBefore),
                    notAfter: SiteDates.day(certificate.notAfter),
                    sha256: try certificate.sha256Fingerprint.colonHex,
                    sha1: try certificate.sha1Fingerprint.colonHex
                )
            )
        }
        try emit(
            "ca/fingerprints.txt",
            cas.map { "\($0.name)  SHA-256 \($0.sha256)\n\($0.name)  SHA-1   \($0.sha1)\n" }.joined()
        )

        var crls: [RootsPage.CRL] = []
        let crlFolder = authority.directory.crls
        for path in Self.crlFiles(under: crlFolder) {
            guard let data = FileManager.default.contents(atPath: crlFolder.appendingPathComponent(path).path) else {
                continue
            }
            let bytes = Array(data)
            try emit("crl/\(path)", bytes)
            guard let crl = try? CertificateRevocationList(der: bytes) else { continue }
            let age = Int(builder.now.timeIntervalSince(crl.thisUpdate) / 86_400)
            crls.append(
                RootsPage.CRL(
                    path: path,
                    url: "\(authority.configuration.publicationURL)/crl/\(path)",
                    issuer: crl.issuer.commonName ?? crl.issuer.description,
                    thisUpdate: SiteDates.minute(crl.thisUpdate),
                    nextUpdate: crl.nextUpdate.map(SiteDates.minute) ?? "",
                    ageDays: max(0, age),
                    entries: crl.revokedSerials.count,
                    isOverdue: crl.nextUpdate.map { $0 < builder.now } ?? true
                )
            )
        }
        let urls = crls.map(\.url).sorted()
        let json = try JSONSerialization.data(withJSONObject: urls, options: [.prettyPrinted, .withoutEscapingSlashes])
        try emit("crl-urls.json", Array(json) + [0x0A])

        // The releases are copied into the site later in this same build, from the data directory.
        let hasBundles = FileManager.default.fileExists(
            atPath: authority.directory.bundles.appendingPathComponent("index.html").path
        )
        let page = RootsPage(cas: cas, crls: crls, hasCRLs: !crls.isEmpty, hasBundles: hasBundles)
        for language in languages {
            try emit(
                language.language.prefix + "roots.html",
                try language.renderer.page(
                    "roots",
                    RootsModel(roots: page),
                    meta: language.meta(
                        language.messages.text("page.roots.title"),
                        language.messages.text("page.roots.description"),
                        path: "roots.html",
                        section: "roots",
                        build: self
                    )
                )
            )
        }
    }

    /// Every `*.crl` below `folder`, as sorted relative paths; names are checked so that nothing
    /// odd becomes a file of the site.
    static func crlFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let path = walker.nextObject() as? String {
            guard path.hasSuffix(".crl"), path.split(separator: "/").allSatisfy({ isFileName(String($0)) }) else {
                continue
            }
            found.append(path)
        }
        return found.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }

    static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_.".unicodeScalars
                        .contains($0)
            }
    }
}

struct RootsModel: Encodable {
    var roots: RootsPage
}
