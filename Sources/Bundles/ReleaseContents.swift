import Foundation
import PKI

/// Every file of one release, in memory: built from a trust set, a version and a time only, so
/// the same inputs give the same bytes.
package struct ReleaseContents: Sendable {
    package let version: String
    /// By path relative to the release directory, the tarball included.
    package let files: [String: [UInt8]]
    package var tarballName: String { "\(version).tar.gz" }
    package var tarballSHA256: String { Digest.sha256(files[tarballName] ?? []).hex }

    /// The file names of the formats, for the README, latest.json and tests.
    package static let pemBundle = "vouch-roots.pem"
    package static let p11Kit = "vouch-roots.p11-kit"
    package static let certData = "certdata.txt"
    package static let javaTruststore = "vouch-roots.p12"
    package static let pkcs7 = "vouch-roots.p7b"
    package static let checksums = "SHA256SUMS"
    package static let signature = "SHA256SUMS.sig"
    package static let changes = "CHANGES"
    /// The conventional password of Java truststores (the JDK's own `cacerts` uses it).
    package static let javaTruststorePassword = "changeit"

    init(
        set: TrustSet,
        version: String,
        releasedAt: Date,
        changes: String,
        caName: String,
        signer: (certificate: Certificate, key: PrivateKey)
    ) throws {
        let anchors = set.anchors
        guard !anchors.isEmpty else {
            throw BundleError(.noAnchor, "no root is left to trust: every root CA is retired")
        }
        if let idle = anchors.first(where: { $0.purposes.isEmpty }) {
            throw BundleError(
                .noAnchor,
                "the root \(idle.name) serves no purpose: every issuing CA under it is retired; retire the root too (`vouch ca retire \(idle.name)`)"
            )
        }
        var files: [String: [UInt8]] = [:]
        for (entry, stem) in Self.stems(anchors) {
            files["certs/\(stem).crt"] = Array(try entry.certificate.pem.utf8)
            files["certs/\(stem).cer"] = try entry.certificate.der
        }
        for (entry, stem) in Self.stems(set.intermediates) {
            files["intermediates/\(stem).crt"] = Array(try entry.certificate.pem.utf8)
        }
        files[Self.pemBundle] = Array(try PEMBundle.render(anchors).utf8)
        files[Self.p11Kit] = Array(try P11Kit.render(set).utf8)
        files[Self.certData] = Array(try CertData.render(set, listName: caName).utf8)
        // A salt from the contents, not the CSPRNG, so the truststore reproduces byte for byte.
        let anchorsDER = try anchors.flatMap { try $0.certificate.der }
        let salt = Array(Digest.sha256(Array(Self.javaTruststore.utf8) + anchorsDER).prefix(16))
        files[Self.javaTruststore] = try PKCS12Truststore.make(
            anchors.map { PKCS12Truststore.Entry(alias: $0.label.lowercased(), certificate: $0.certificate) },
            password: Self.javaTruststorePassword,
            salt: salt
        )
        files[Self.pkcs7] = try PKCS7.certificatesOnly(anchors.map(\.certificate))
        files.merge(try HashedDirectory.openSSL(anchors, directory: "hashed")) { $1 }
        files.merge(try HashedDirectory.android(anchors, directory: "android")) { $1 }
        files[Self.changes] = Array(changes.utf8)
        files["README"] = Array(Self.readme(version: version, caName: caName).utf8)

        let sums = Array(Checksums.render(files).utf8)
        files[Self.checksums] = sums
        files[Self.signature] = try DetachedSignature.sign(
            sums,
            certificate: signer.certificate,
            key: signer.key,
            signingTime: releasedAt
        )
        let archive = try Tar(
            files: Dictionary(uniqueKeysWithValues: files.map { ("\(version)/\($0.key)", $0.value) }),
            modificationTime: releasedAt
        ).archive()
        self.version = version
        self.files = files.merging(["\(version).tar.gz": Gzip.compress(archive)]) { $1 }
    }

    /// ASCII file stems, unique within one folder.
    private static func stems(_ entries: [TrustSet.Entry]) -> [(TrustSet.Entry, String)] {
        var used = Set<String>()
        return entries.map { entry in
            var stem = entry.fileStem
            if used.contains(stem) { stem += "_" + entry.sha256.prefix(8) }
            used.insert(stem)
            return (entry, stem)
        }
    }

    private static func readme(version: String, caName: String) -> String {
        """
        \(version): the trust anchors of \(caName), for distribution packagers.

        certs/*.crt           one PEM certificate per anchor (update-ca-certificates,
                              /usr/local/share/ca-certificates); certs/*.cer the same in DER
        intermediates/*.crt   the issuing CAs (not anchors), for servers that send their chain
        \(pemBundle)       every anchor in one PEM file, certifi-style headers
        \(p11Kit)   p11-kit trust source: anchors limited by an attached extendedKeyUsage
                              to the purposes this CA serves, retired CAs distrusted
        \(certData)          NSS certificate and trust objects (certdata2pem, addbuiltin)
        \(javaTruststore)       Java truststore (PKCS#12, password "\(javaTruststorePassword)"), trustedCertEntry
        \(pkcs7)       certs-only PKCS#7 (DER)
        hashed/HASH.N         OpenSSL -CApath directory (subject_hash)
        android/HASH.N        Android system store names (subject_hash_old)
        CHANGES               what changed in each release, and why
        SHA256SUMS            sha256sum -c SHA256SUMS
        SHA256SUMS.sig        detached CMS signature over SHA256SUMS by the bundle-signing
                              certificate, which the root issued:
                              openssl cms -verify -binary -inform DER -in SHA256SUMS.sig \\
                                -content SHA256SUMS -CAfile ROOT.crt -purpose any

        The tarball \(version).tar.gz holds all of the above; it is byte-reproducible from the
        same CA set and SOURCE_DATE_EPOCH.

        """
    }
}
