import Foundation
import PKI
import Store

/// The bundle-signing certificate: issued by the root (in the key ceremony, or later with
/// `vouch init --bundle-signer` while the root key is brought online), its key kept encrypted under
/// `keys/` like the issuing CA keys, because the bundles job signs every release with it.
package enum BundleSigning {
    /// RSA, because PKCS#1 v1.5 signatures are deterministic: the same SHA256SUMS signed at the same
    /// SOURCE_DATE_EPOCH gives the same signature, so a release's tarball reproduces byte for byte.
    /// (ECDSA in OpenSSL 3.0 draws a fresh nonce for every signature.)
    package static let keySpec = KeySpec.rsa3072
    /// Five years, or less when the root expires sooner; renewing needs the root key.
    package static let lifetimeDays = 5 * 365 + 1

    /// Issues a bundle signer with the root's identity, recording its serial first, and stores its
    /// encrypted key and certificate: `keys/bundle-signer-SERIAL.key.pem`, `ca/bundle-signer.pem`.
    @discardableResult
    package static func issue(
        root: Issuer,
        configuration: CAConfiguration,
        directory: DataDirectory,
        store: Store,
        passphrase: String,
        now: Date
    ) throws -> Certificate {
        guard let rootCertificate = root.certificate else {
            throw AuthorityError(.refused, "a bundle signer is issued by the root certificate")
        }
        let key = try PrivateKey.generate(keySpec)
        let serial = try SerialNumber.random()
        let keyFile = directory.keyFile("bundle-signer-\(serial.hex.prefix(16))")
        let reserved = try store.reserveBundleSigner(serialHex: serial.hex, keyPath: keyFile.lastPathComponent)
        let remainingDays = Int(rootCertificate.notAfter.timeIntervalSince(now.wholeSeconds) / 86_400)
        let certificate = try CertificateBuilder.sign(
            BundleSignerTemplate(
                subject: DistinguishedName([
                    (.country, configuration.country), (.organization, configuration.name),
                    (.commonName, "\(configuration.name) Root Bundle Signer"),
                ]),
                publicKey: key.publicKey,
                notBefore: now,
                lifetimeDays: min(lifetimeDays, remainingDays),
                extendedKeyUsage: configuration.bundleSigningEKU,
                policyOIDs: [configuration.policyOID],
                serialNumber: serial
            ),
            by: root
        )
        try AtomicFile.write(try key.encryptedPEM(passphrase: passphrase), to: keyFile, mode: 0o600)
        try AtomicFile.write(try certificate.pem, to: directory.bundleSignerCertificate)
        try store.completeBundleSigner(id: reserved.id, certificateDER: Data(try certificate.der))
        return certificate
    }
}

extension CAConfiguration {
    /// The one extendedKeyUsage of the bundle-signing certificate: `<policy OID>.2.1`, an arc under
    /// the operator's own CP/CPS identifier, so nothing else accepts the certificate for anything.
    package var bundleSigningEKU: String { "\(policyOID).2.1" }
}

extension DataDirectory {
    /// Every root-bundle release, kept (the canonical copy; the site publishes it).
    package var bundles: URL { url.appendingPathComponent("bundles") }
    /// The current bundle-signing certificate (PEM), for operators; the registry holds every one.
    package var bundleSignerCertificate: URL { caCertificates.appendingPathComponent("bundle-signer.pem") }
}

extension CertificateAuthority {
    /// The current bundle signer's certificate and decrypted key.
    package func bundleSigner() throws -> (certificate: Certificate, key: PrivateKey) {
        guard let record = try store.currentBundleSigner(), let der = record.certificateDER else {
            throw AuthorityError(
                .notInitialised,
                "this CA has no bundle-signing certificate; add one with `vouch init --bundle-signer --root-key FILE`"
            )
        }
        // The bundle signer's key is sealed under the CA passphrase, like the issuing keys.
        guard let passphrase = passphraseForRewrap else {
            throw AuthorityError(
                .passphraseMissing,
                "signing bundles needs the CA passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
            )
        }
        let keyFile = directory.keys.appendingPathComponent(record.keyPath)
        guard let keyData = FileManager.default.contents(atPath: keyFile.path) else {
            throw AuthorityError(.keyOffline, "the bundle signer's key \(keyFile.path) is missing")
        }
        let key: PrivateKey
        do {
            key = try PrivateKey(pem: String(decoding: keyData, as: UTF8.self), passphrase: passphrase)
        } catch let error as PKIError where error.code == .wrongPassphrase {
            throw AuthorityError(.wrongPassphrase, "wrong passphrase for the bundle signer's key in \(keyFile.path)")
        }
        let certificate = try Certificate(der: Array(der))
        guard try key.publicKey.fingerprint == certificate.publicKey.fingerprint else {
            throw AuthorityError(.invalidConfiguration, "\(keyFile.path) does not belong to the bundle signer")
        }
        return (certificate, key)
    }

    /// Adds a bundle signer to an existing CA, signed with the root key the operator brought.
    @discardableResult
    package func addBundleSigner(root: Issuer, now: Date = Date()) throws -> Certificate {
        // The bundle signer's key is sealed under the CA passphrase, like the issuing keys.
        guard let passphrase = passphraseForRewrap else {
            throw AuthorityError(
                .passphraseMissing,
                "the bundle signer's key is encrypted with the CA passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
            )
        }
        try checkPassphrase()
        return try BundleSigning.issue(
            root: root,
            configuration: configuration,
            directory: directory,
            store: store,
            passphrase: passphrase,
            now: now.wholeSeconds
        )
    }

    /// Takes a CA out of the trust stores: the next root-bundle release lists it as distrusted.
    package func retire(_ name: String, reason: String) throws {
        guard try store.issuingCA(named: name) != nil else {
            let known = try store.issuingCAs().map(\.name).joined(separator: ", ")
            throw AuthorityError(.refused, "there is no CA named \(name); the CAs are \(known)")
        }
        do {
            try store.retireCA(named: name, reason: reason)
        } catch let error as StoreError {
            throw AuthorityError(.refused, error.reason)
        }
    }
}
