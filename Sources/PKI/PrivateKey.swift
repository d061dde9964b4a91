import COpenSSL

/// A private key (an OpenSSL `EVP_PKEY`, owned). Written to disk only as encrypted PKCS#8.
package final class PrivateKey: @unchecked Sendable {
    // @unchecked: the key is never mutated after construction; OpenSSL key objects are safe to share read-only.
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// Generates a fresh key from OpenSSL's CSPRNG.
    package static func generate(_ spec: KeySpec) throws -> PrivateKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, spec.algorithmName, nil) else {
            throw PKIError.drainingOpenSSL(.keyGeneration, "OpenSSL has no \(spec.algorithmName) key generator")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw PKIError.drainingOpenSSL(.keyGeneration, "could not start generating a \(spec.rawValue) key")
        }
        if let bits = spec.rsaBits {
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1 else {
                throw PKIError.drainingOpenSSL(.keyGeneration, "could not set the RSA key size")
            }
        }
        if let curve = spec.curveName {
            guard EVP_PKEY_CTX_set_group_name(context, curve) == 1 else {
                throw PKIError.drainingOpenSSL(.keyGeneration, "could not select curve \(curve)")
            }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw PKIError.drainingOpenSSL(.keyGeneration, "could not generate a \(spec.rawValue) key")
        }
        return PrivateKey(taking: key)
    }

    /// Reads a PEM private key, decrypting it with `passphrase` when it is encrypted.
    package convenience init(pem: String, passphrase: String?) throws {
        let bio = try MemoryBIO(bytes: Array(pem.utf8))
        // An unencrypted key must not be opened by accident with a passphrase prompt: pass an empty one.
        let secret = passphrase ?? ""
        let key = secret.withCString { pass in
            PEM_read_bio_PrivateKey(bio.pointer, nil, nil, UnsafeMutableRawPointer(mutating: pass))
        }
        guard let key else {
            let errors = drainOpenSSLErrors()
            let looksEncrypted = pem.contains("ENCRYPTED PRIVATE KEY")
            if looksEncrypted {
                throw PKIError(.wrongPassphrase, "wrong passphrase for the private key", openSSLErrors: errors)
            }
            throw PKIError(.malformedKey, "not a PEM private key", openSSLErrors: errors)
        }
        self.init(taking: key)
    }

    /// Iterations of PBKDF2-HMAC-SHA256 that derive the key-encryption key: OWASP's 2023 figure for
    /// PBKDF2-SHA256. OpenSSL's default (2,048) costs an attacker with the file almost nothing per guess.
    package static let keyDerivationIterations: Int32 = 600_000

    /// PKCS#8 PEM (PBES2, RFC 8018): AES-256-CBC under a key derived from `passphrase` by
    /// PBKDF2-HMAC-SHA256 with `keyDerivationIterations` and a fresh 16-byte salt. Any OpenSSL reads it.
    package func encryptedPEM(passphrase: String) throws -> String {
        guard !passphrase.isEmpty else {
            throw PKIError(.encoding, "refusing to write a private key without a passphrase")
        }
        guard let info = EVP_PKEY2PKCS8(pointer) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode the private key as PKCS#8")
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        let secret = Array(passphrase.utf8)
        // pbe_nid -1 selects PBES2; OpenSSL 3 then takes HMAC-SHA256 as the PBKDF2 PRF.
        let sealed = secret.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { chars in
                PKCS8_encrypt(
                    -1,
                    EVP_aes_256_cbc(),
                    chars.baseAddress,
                    Int32(chars.count),
                    nil,
                    16,
                    Self.keyDerivationIterations,
                    info
                )
            }
        }
        guard let sealed else { throw PKIError.drainingOpenSSL(.encoding, "could not encrypt the private key") }
        defer { X509_SIG_free(sealed) }
        let bytes = try MemoryBIO.collect("private key") { bio in PEM_write_bio_PKCS8(bio, sealed) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An independent copy of the key (its own OpenSSL object), for a signing thread of its own.
    package func duplicate() throws -> PrivateKey {
        guard let copy = EVP_PKEY_dup(pointer) else {
            throw PKIError.drainingOpenSSL(.keyGeneration, "could not copy the private key")
        }
        return PrivateKey(taking: copy)
    }

    /// The public half.
    package var publicKey: PublicKey {
        EVP_PKEY_up_ref(pointer)
        return PublicKey(taking: pointer)
    }
}
