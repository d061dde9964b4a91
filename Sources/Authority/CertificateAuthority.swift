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
    private let passphrase: String?
    /// For `rewrapKeys`, the one operation that needs the passphrase itself rather than a key.
    var passphraseForRewrap: String? { passphrase }
    /// Issuing keys decrypted so far by this process: each is opened once, however much it signs.
    private let keyring = Keyring()
    /// CA certificates parsed so far, by their DER: every certificate issued needs its CA's.
    private let parsedCertificates = ParsedCertificates()

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
        try parsedCertificates.certificate(der: try record(name).certificateDER)
    }

    /// Decrypts one issuing key, so that a wrong passphrase is reported before any change is made.
    package func checkPassphrase() throws {
        _ = try issuer(.issuing(.tls))
    }

    /// The signing identity of an issuing CA: its certificate, its decrypted key and its publication
    /// URLs. The root is never opened this way: its key is kept offline under its own passphrase and
    /// comes back only through `rootIssuer(keyFile:passphrase:)`, so no job can ever sign with it.
    package func issuer(_ name: CAName) throws -> Issuer {
        guard case .issuing = name else {
            throw AuthorityError(
                .keyOffline,
                "the root key is kept offline; bring it back for `vouch root sign-arl --root-key FILE`"
            )
        }
        guard let passphrase else {
            throw AuthorityError(
                .passphraseMissing,
                "signing needs the CA passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
            )
        }
        let certificate = try certificate(name)
        let key = try keyring.key(name) {
            try Self.openKey(at: directory.keyFile(name.fileName), passphrase: passphrase, for: certificate, name)
        }
        return Issuer(
            certificate: certificate,
            privateKey: key,
            crlURL: configuration.crlURL(name.fileName),
            certificateURL: configuration.certificateURL(name.fileName)
        )
    }

    /// The root's signing identity from the operator's offline copy of its key, for the yearly ARL
    /// and for certificates only the root may sign.
    package func rootIssuer(keyFile: URL, passphrase: String) throws -> Issuer {
        let certificate = try certificate(.root)
        let key = try Self.openKey(at: keyFile, passphrase: passphrase, for: certificate, .root)
        return Issuer(
            certificate: certificate,
            privateKey: key,
            crlURL: configuration.crlURL(CAName.root.fileName),
            certificateURL: configuration.certificateURL(CAName.root.fileName)
        )
    }

    private static func openKey(
        at file: URL,
        passphrase: String,
        for certificate: Certificate,
        _ name: CAName
    ) throws -> PrivateKey {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AuthorityError(.keyOffline, "the \(name) key is not at \(file.path)")
        }
        let key: PrivateKey
        do {
            key = try PrivateKey(pem: String(decoding: data, as: UTF8.self), passphrase: passphrase)
        } catch let error as PKIError where error.code == .wrongPassphrase {
            throw AuthorityError(.wrongPassphrase, "wrong passphrase for the \(name) key in \(file.path)")
        }
        guard try key.publicKey.fingerprint == certificate.publicKey.fingerprint else {
            throw AuthorityError(.invalidConfiguration, "\(file.path) does not belong to the \(name) CA certificate")
        }
        return key
    }
}

/// The issuing keys one process has decrypted. Decryption costs 600,000 PBKDF2 rounds on purpose, so
/// a key is opened once per process; each thread that signs gets its own copy of it (the CSR job
/// signs on every core, each worker with its own key handle).
final class Keyring: @unchecked Sendable {
    // @unchecked: `keys` is only touched under `lock`; a PrivateKey is immutable once made, and a
    // thread's copies live in that thread's own dictionary.
    private let lock = NSLock()
    private var keys: [String: PrivateKey] = [:]
    /// One lock per key while it is decrypted (PBKDF2 takes a good part of a second), so that two
    /// threads opening different keys do not wait for each other.
    private var opening: [String: NSLock] = [:]

    func key(_ name: CAName, open: () throws -> PrivateKey) throws -> PrivateKey {
        let slot = "vouch.keyring.\(ObjectIdentifier(self).hashValue).\(name.fileName)"
        if let copy = Thread.current.threadDictionary[slot] as? PrivateKey { return copy }
        let keyLock = lock.withLock {
            if let existing = opening[name.fileName] { return existing }
            let created = NSLock()
            opening[name.fileName] = created
            return created
        }
        let master = try keyLock.withLock {
            if let key = lock.withLock({ keys[name.fileName] }) { return key }
            let key = try open()
            lock.withLock { keys[name.fileName] = key }
            return key
        }
        let copy = try master.duplicate()
        Thread.current.threadDictionary[slot] = copy
        return copy
    }
}

/// Certificates parsed once per process and kept by their bytes, so a CA certificate replaced in the
/// registry is parsed anew. OpenSSL 3 decodes a certificate's key through its provider machinery:
/// parsing the CA's certificate again for each of thousands of certificates costs more than signing.
final class ParsedCertificates: @unchecked Sendable {
    // @unchecked: `parsed` is only touched under `lock`; a Certificate is immutable.
    private let lock = NSLock()
    private var parsed: [Data: Certificate] = [:]

    func certificate(der: Data) throws -> Certificate {
        if let found = lock.withLock({ parsed[der] }) { return found }
        let certificate = try Certificate(der: Array(der))
        lock.withLock { parsed[der] = certificate }
        return certificate
    }
}
