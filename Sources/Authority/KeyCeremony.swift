import Foundation
import PKI
import Store

/// `vouch init`: creates the root and the three issuing CAs, their encrypted keys, the
/// configuration and the registry, and signs the first CRLs.
///
/// The root key is written once, under its own passphrase, to `rootKeyFile` outside `keys/`, for the
/// operator to take offline: the jobs never read it, and anyone holding the jobs' passphrase still
/// cannot decrypt it. The first ARL is signed while the new key is still in memory.
///
/// Everything is generated in memory first and written afterwards, the configuration file last:
/// its presence is what marks a data directory as an initialised CA, so a ceremony cut short
/// leaves no half-CA that later commands would use.
package struct KeyCeremony: Sendable {
    package let directory: DataDirectory
    package let configuration: CAConfiguration
    /// Encrypts the issuing keys, which the jobs open.
    package let passphrase: String
    /// Encrypts the root key; must differ from `passphrase`.
    package let rootPassphrase: String
    package let rootKeyFile: URL
    package let now: Date

    package init(
        directory: DataDirectory,
        configuration: CAConfiguration,
        passphrase: String,
        rootPassphrase: String,
        rootKeyFile: URL? = nil,
        now: Date = Date()
    ) {
        self.directory = directory
        self.configuration = configuration
        self.passphrase = passphrase
        self.rootPassphrase = rootPassphrase
        self.rootKeyFile = (rootKeyFile ?? directory.offlineRootKeyFile).standardizedFileURL
        self.now = now.wholeSeconds
    }

    /// Runs the ceremony; refuses to touch a directory that already holds a CA or part of one.
    @discardableResult
    package func perform() throws -> CertificateAuthority {
        try refuseExistingCA()
        for (what, secret) in [("passphrase", passphrase), ("root passphrase", rootPassphrase)]
        where secret.count < Passphrase.minimumLength {
            throw AuthorityError(
                .weakPassphrase,
                "the \(what) must be at least \(Passphrase.minimumLength) characters long"
            )
        }
        guard rootPassphrase != passphrase else {
            throw AuthorityError(
                .weakPassphrase,
                "the root passphrase must differ from the passphrase of the issuing keys, which the jobs use"
            )
        }
        guard !rootKeyFile.path.hasPrefix(directory.keys.path + "/") else {
            throw AuthorityError(
                .invalidConfiguration,
                "the root key must not be written into \(directory.keys.path), where the jobs' keys are"
            )
        }
        if FileManager.default.fileExists(atPath: rootKeyFile.path) {
            throw AuthorityError(.alreadyInitialised, "\(rootKeyFile.path) exists; refusing to overwrite a root key")
        }
        let generated = try generate()

        try directory.createLayout()
        for (name, key, certificate) in generated {
            if name == .root {
                try Self.createPrivateDirectory(rootKeyFile.deletingLastPathComponent())
                try AtomicFile.write(try key.encryptedPEM(passphrase: rootPassphrase), to: rootKeyFile, mode: 0o600)
            } else {
                try AtomicFile.write(
                    try key.encryptedPEM(passphrase: passphrase),
                    to: directory.keyFile(name.fileName),
                    mode: 0o600
                )
            }
            try AtomicFile.write(try certificate.pem, to: directory.caCertificateFile(name.fileName))
        }
        // The Store creates the registry owner-only (it holds dates of birth and status-page capabilities).
        let store = try Store(path: directory.database.path, actor: "operator")
        for (name, _, certificate) in generated {
            try store.addIssuingCA(
                name: name.fileName,
                purpose: name.role,
                certificateDER: Data(try certificate.der),
                keyPath: name == .root ? "offline" : directory.keyFile(name.fileName).lastPathComponent
            )
        }
        // The root key is in memory only now: issue the bundle signer while it is (issue 10).
        try BundleSigning.issue(
            root: rootIssuer(generated[0].key, generated[0].certificate),
            configuration: configuration,
            directory: directory,
            store: store,
            passphrase: passphrase,
            now: now
        )
        try store.appendAudit(
            action: "ceremony.complete",
            subject: "ca:\(configuration.name)",
            details: [
                "root": try generated[0].certificate.sha256Fingerprint.hex, "rootKey": configuration.rootKey.rawValue,
            ]
        )
        try AtomicFile.write(configuration.toml, to: directory.configuration, mode: 0o644)

        let authority = try CertificateAuthority.open(directory, passphrase: passphrase)
        try authority.signCRLs(now: now)
        try authority.signARL(by: try authority.rootIssuer(keyFile: rootKeyFile, passphrase: rootPassphrase), now: now)
        return authority
    }

    /// A directory only the owner may enter (the root key's until the operator takes it away).
    private static func createPrivateDirectory(_ url: URL) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: url.path) {
            try manager.createDirectory(
                at: url,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
    }

    private func refuseExistingCA() throws {
        let manager = FileManager.default
        if directory.isInitialised {
            throw AuthorityError(
                .alreadyInitialised,
                "\(directory.url.path) already holds a CA; refusing to overwrite it"
            )
        }
        let leftovers = [directory.keys, directory.database, directory.caCertificates].filter {
            manager.fileExists(atPath: $0.path)
                && ((try? manager.contentsOfDirectory(atPath: $0.path).isEmpty) != true)
        }
        if !leftovers.isEmpty {
            throw AuthorityError(
                .incompleteCeremony,
                "\(directory.url.path) holds \(leftovers.map(\.lastPathComponent).joined(separator: ", ")) from an earlier ceremony that did not finish; move it away and run init again"
            )
        }
    }

    private func generate() throws -> [(name: CAName, key: PrivateKey, certificate: Certificate)] {
        let rootKey = try PrivateKey.generate(configuration.rootKey)
        let root = try CertificateBuilder.sign(
            CertificateTemplate(
                profile: .rootCA,
                subject: subject(.root),
                publicKey: rootKey.publicKey,
                notBefore: now,
                lifetimeDays: configuration.rootLifetimeDays
            ),
            by: Issuer(certificate: nil, privateKey: rootKey, crlURL: nil, certificateURL: nil)
        )
        let rootIssuer = Issuer(
            certificate: root,
            privateKey: rootKey,
            crlURL: configuration.crlURL(CAName.root.fileName),
            certificateURL: configuration.certificateURL(CAName.root.fileName)
        )
        var result: [(CAName, PrivateKey, Certificate)] = [(.root, rootKey, root)]
        for purpose in CAPurpose.allCases {
            let name = CAName.issuing(purpose)
            let key = try PrivateKey.generate(configuration.issuingKey)
            let certificate = try CertificateBuilder.sign(
                CertificateTemplate(
                    profile: .issuingCA(purpose),
                    subject: subject(name),
                    publicKey: key.publicKey,
                    notBefore: now,
                    lifetimeDays: configuration.issuingLifetimeDays,
                    policyOIDs: [configuration.policyOID]
                ),
                by: rootIssuer
            )
            result.append((name, key, certificate))
        }
        return result
    }

    private func rootIssuer(_ key: PrivateKey, _ root: Certificate) -> Issuer {
        Issuer(
            certificate: root,
            privateKey: key,
            crlURL: configuration.crlURL(CAName.root.fileName),
            certificateURL: configuration.certificateURL(CAName.root.fileName)
        )
    }

    private func subject(_ name: CAName) -> DistinguishedName {
        DistinguishedName([
            (.country, configuration.country), (.organization, configuration.name),
            (.commonName, name.commonName(caName: configuration.name)),
        ])
    }
}
