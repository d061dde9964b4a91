import Foundation
import PKI

extension CertificateAuthority {
    /// Re-encrypts every key in `keys/` with today's key sealing (PKCS#8, PBKDF2-HMAC-SHA256 at
    /// 600,000 iterations, AES-256), under `newPassphrase` or the current one. Keys sealed by earlier
    /// versions (OpenSSL's 2,048 iterations) open as before; this makes them as costly to guess as new
    /// ones. Every key is decrypted first, so a wrong passphrase changes nothing.
    package func rewrapKeys(newPassphrase: String? = nil) throws -> [URL] {
        guard let passphrase = passphraseForRewrap else {
            throw AuthorityError(
                .passphraseMissing,
                "rewrapping needs the CA passphrase: set VOUCH_PASSPHRASE or pass --passphrase-file FILE"
            )
        }
        let target = try checkedNewPassphrase(newPassphrase) ?? passphrase
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.keys.path)
            .filter { $0.hasSuffix(".key.pem") }.sorted().map { directory.keys.appendingPathComponent($0) }
        let opened = try files.map { file in (file, try Self.decrypt(file, passphrase: passphrase)) }
        for (file, key) in opened {
            try AtomicFile.write(try key.encryptedPEM(passphrase: target), to: file, mode: 0o600)
        }
        try store.appendAudit(
            action: "keys.rewrap",
            subject: "keys",
            details: [
                "files": files.map(\.lastPathComponent).joined(separator: ","),
                "newPassphrase": newPassphrase == nil ? "no" : "yes",
            ]
        )
        return files
    }

    /// Re-encrypts an offline copy of the root key in place, under `newPassphrase` or its own.
    package func rewrapRootKey(file: URL, passphrase: String, newPassphrase: String? = nil) throws {
        _ = try rootIssuer(keyFile: file, passphrase: passphrase)
        let key = try Self.decrypt(file, passphrase: passphrase)
        try AtomicFile.write(
            try key.encryptedPEM(passphrase: try checkedNewPassphrase(newPassphrase) ?? passphrase),
            to: file,
            mode: 0o600
        )
        try store.appendAudit(
            action: "keys.rewrap",
            subject: "ca:root",
            details: ["newPassphrase": newPassphrase == nil ? "no" : "yes"]
        )
    }

    private func checkedNewPassphrase(_ passphrase: String?) throws -> String? {
        guard let passphrase else { return nil }
        guard passphrase.count >= Passphrase.minimumLength else {
            throw AuthorityError(
                .weakPassphrase,
                "the new passphrase must be at least \(Passphrase.minimumLength) characters long"
            )
        }
        return passphrase
    }

    private static func decrypt(_ file: URL, passphrase: String) throws -> PrivateKey {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AuthorityError(.io, "cannot read \(file.path)")
        }
        do {
            return try PrivateKey(pem: String(decoding: data, as: UTF8.self), passphrase: passphrase)
        } catch let error as PKIError where error.code == .wrongPassphrase {
            throw AuthorityError(.wrongPassphrase, "wrong passphrase for \(file.path); nothing was changed")
        }
    }
}
