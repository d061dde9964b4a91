import Foundation
import PKI
import Policy
import Store

/// An opened CA: its configuration, its registry, and its keys (decrypted only when signing).
package struct CertificateAuthority: Sendable {
    package let directory: DataDirectory
    package let configuration: CAConfiguration
    package let store: Store
    /// Without a passphrase the CA can be read (member pages, audit, site) but signs nothing.
    let passphrase: String?

    /// Opens an initialised data directory.
    package static func open(
        _ directory: DataDirectory,
        passphrase: String?,
        actor: String = "vouch",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> CertificateAuthority {
        guard directory.isInitialised else {
            throw AuthorityError(
                .notInitialised,
                "\(directory.url.path) holds no CA; run `vouch init` (or `vouch demo`) first"
            )
        }
        let text = try String(contentsOf: directory.configuration, encoding: .utf8)
        let configuration = try CAConfiguration(toml: text)
        let store = try Store(path: directory.database.path, actor: actor, clock: clock)
        return CertificateAuthority(
            directory: directory,
            configuration: configuration,
            store: store,
            passphrase: passphrase
        )
    }

    /// The registry entry of a CA.
    package func record(_ name: CAName) throws -> IssuingCA {
        guard let record = try store.issuingCA(named: name.fileName) else {
            throw AuthorityError(.notInitialised, "the registry has no \(name) CA; the data directory is damaged")
        }
        return record
    }

    /// A CA's certificate, from the registry.
    package func certificate(_ name: CAName) throws -> Certificate {
        try Certificate(der: Array(try record(name).certificateDER))
    }

    /// Whether the CA's private key is present (the root's may be kept offline).
    package func isKeyOnline(_ name: CAName) -> Bool {
        FileManager.default.fileExists(atPath: directory.keyFile(name.fileName).path)
    }

    /// Decrypts one issuing key, so that a wrong passphrase is reported before any change is made.
    package func checkPassphrase() throws {
        _ = try issuer(.issuing(.tls))
    }

    /// The signing identity of a CA: its certificate, its decrypted key and its publication URLs.
    package func issuer(_ name: CAName) throws -> Issuer {
        guard let passphrase else {
            throw AuthorityError(
                .passphraseMissing,
                "signing needs the CA passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
            )
        }
        let keyFile = directory.keyFile(name.fileName)
        guard let keyData = FileManager.default.contents(atPath: keyFile.path) else {
            throw AuthorityError(.keyOffline, "the \(name) key is not in \(directory.keys.path) (kept offline?)")
        }
        let key = try PrivateKey(pem: String(decoding: keyData, as: UTF8.self), passphrase: passphrase)
        let certificate = try certificate(name)
        guard try key.publicKey.fingerprint == certificate.publicKey.fingerprint else {
            throw AuthorityError(.invalidConfiguration, "\(keyFile.path) does not belong to the \(name) CA certificate")
        }
        return Issuer(
            certificate: certificate,
            privateKey: key,
            crlURL: configuration.crlURL(name.fileName),
            certificateURL: configuration.certificateURL(name.fileName)
        )
    }
}
