import COpenSSL

/// The key-quality gate every subscriber key passes before it is certified (DESIGN.md "Keys";
/// TLS BR §6.1.5 and §6.1.6, S/MIME BR §6.1.5 and §6.1.6).
package enum KeyQuality {
    /// The primes below 752, each of which must not divide an RSA modulus (TLS BR §6.1.6).
    static let smallPrimes: [UInt] = {
        var primes: [UInt] = []
        for candidate in UInt(2)..<752 where !primes.contains(where: { candidate % $0 == 0 }) {
            primes.append(candidate)
        }
        return primes
    }()

    /// Throws a `.weakKey` or `.unsupportedKey` error naming the first rule the key breaks.
    package static func check(_ key: PublicKey) throws {
        guard let spec = key.spec else {
            throw PKIError(
                .unsupportedKey,
                "\(key.algorithmDescription) keys are not accepted; use RSA 2048, 3072 or 4096 bits, or ECDSA P-256 or P-384"
            )
        }
        if spec.isRSA {
            try checkRSA(key)
        } else {
            try checkEC(key)
        }
    }

    private static func checkRSA(_ key: PublicKey) throws {
        var exponent: OpaquePointer?
        var modulus: OpaquePointer?
        defer {
            BN_free(exponent)
            BN_free(modulus)
        }
        guard EVP_PKEY_get_bn_param(key.pointer, OSSL_PKEY_PARAM_RSA_E, &exponent) == 1,
            EVP_PKEY_get_bn_param(key.pointer, OSSL_PKEY_PARAM_RSA_N, &modulus) == 1,
            let exponent, let modulus
        else { throw PKIError.drainingOpenSSL(.unsupportedKey, "cannot read the RSA key's parameters") }
        // Vouch accepts only e = 65537, the value every modern generator uses (TLS BR §6.1.6 allows more).
        guard BN_is_word(exponent, 65_537) == 1 else {
            throw PKIError(.weakKey, "the RSA public exponent must be 65537")
        }
        for prime in smallPrimes where BN_mod_word(modulus, UInt(prime)) == 0 {
            throw PKIError(.weakKey, "the RSA modulus is divisible by \(prime): the key is broken")
        }
        if try hasROCAFingerprint(modulus) {
            throw PKIError(
                .weakKey,
                "the key was made by a generator with the ROCA flaw (CVE-2017-15361) and can be factored; update the device's firmware and make a new key"
            )
        }
        if try hasCloseFactors(modulus) {
            throw PKIError(
                .weakKey,
                "the key's two primes are so close that the modulus factors at once (Fermat); make a new key"
            )
        }
    }

    private static func checkEC(_ key: PublicKey) throws {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw PKIError.drainingOpenSSL(.unsupportedKey, "cannot examine the EC key")
        }
        defer { EVP_PKEY_CTX_free(context) }
        // Point on the curve, not at infinity, of the right order (TLS BR §6.1.6, NIST SP 800-56A §5.6.2.3.3).
        guard EVP_PKEY_public_check(context) == 1 else {
            throw PKIError.drainingOpenSSL(.weakKey, "the EC public key is not a valid point on its curve")
        }
    }
}
