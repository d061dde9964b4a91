import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// The key gate, fed keys made by the real `openssl genpkey` and by hand.
@Suite struct KeyQualityTests {
    private func opensslKey(_ arguments: [String]) throws -> PublicKey {
        let directory = try TemporaryDirectory("vouch-keys")
        let keyFile = directory.file("key.pem").path
        let generated = try ExternalTool.openssl.run(["genpkey"] + arguments + ["-out", keyFile])
        #expect(generated.succeeded, "\(generated.transcript)")
        let der = try ExternalTool.openssl.run([
            "pkey", "-in", keyFile, "-pubout", "-outform", "DER", "-out", directory.file("pub.der").path,
        ])
        #expect(der.succeeded, "\(der.transcript)")
        return try PublicKey(subjectPublicKeyInfo: Array(try Data(contentsOf: directory.file("pub.der"))))
    }

    @Test(arguments: [
        ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"],
        ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
    ])
    func acceptsGoodKeys(arguments: [String]) throws {
        try KeyQuality.check(try opensslKey(arguments))
    }

    @Test(arguments: [
        ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
        ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2560"],
        ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"],
        ["-algorithm", "ED25519"],
    ])
    func refusesUnsupportedKeys(arguments: [String]) throws {
        let key = try opensslKey(arguments)
        #expect { try KeyQuality.check(key) } throws: { ($0 as? PKIError)?.code == .unsupportedKey }
    }

    @Test func refusesExponentThree() throws {
        let key = try opensslKey([
            "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-pkeyopt", "rsa_keygen_pubexp:3",
        ])
        #expect { try KeyQuality.check(key) } throws: { ($0 as? PKIError)?.code == .weakKey }
    }

    @Test func refusesAModulusWithASmallFactor() throws {
        // 2^2048 − 1 is divisible by 3: a syntactically perfect RSA-2048 key that is trivially broken.
        let modulus = [UInt8](repeating: 0xFF, count: 256)
        let rsaPublicKey = DER.sequence([DER.integer(magnitude: modulus), DER.integer(65_537)])
        let spki = DER.sequence([
            DER.sequence([DER.objectIdentifier("1.2.840.113549.1.1.1"), [0x05, 0x00]]),
            DER.tlv(0x03, [0x00] + rsaPublicKey),
        ])
        let key = try PublicKey(subjectPublicKeyInfo: spki)
        #expect(key.spec == .rsa2048)
        #expect { try KeyQuality.check(key) } throws: { error in
            guard let error = error as? PKIError else { return false }
            return error.code == .weakKey && error.reason.contains("divisible by 3")
        }
    }
}

/// Moduli with the structure of real broken keys, made by a small Python script (the fixtures are
/// numbers, not keys from anywhere), wrapped as RSA SubjectPublicKeyInfo.
@Suite(.timeLimit(.minutes(2))) struct RSAStructureTests {
    private static let generator = """
        import random, sys
        def is_prime(n):
            if n < 2: return False
            for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
                if n % p == 0: return n == p
            d, s = n - 1, 0
            while d % 2 == 0: d, s = d // 2, s + 1
            for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41):
                x = pow(a, d, n)
                if x in (1, n - 1): continue
                for _ in range(s - 1):
                    x = x * x % n
                    if x == n - 1: break
                else: return False
            return True
        def next_prime(n):
            n |= 1
            while not is_prime(n) or pow(65537, 1, n) == 0 or (n - 1) % 65537 == 0: n += 2
            return n
        rng = random.Random(int(sys.argv[2]))
        kind = sys.argv[1]
        def pair():
            if kind == "fermat":
                p = next_prime(rng.getrandbits(1024) | (3 << 1022))
                return p, next_prime(p + rng.getrandbits(400))
            if kind == "roca":
                primes = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
                          101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167]
                m = 1
                for prime in primes: m *= prime
                def roca_prime():
                    while True:
                        k = (rng.getrandbits(1024) | (3 << 1022)) // m
                        candidate = k * m + pow(65537, rng.getrandbits(60), m)
                        if is_prime(candidate) and (candidate - 1) % 65537 != 0: return candidate
                return roca_prime(), roca_prime()
            return (next_prime(rng.getrandbits(1024) | (3 << 1022)), next_prime(rng.getrandbits(1024) | (3 << 1022)))
        while True:
            p, q = pair()
            if (p * q).bit_length() == 2048: break
        print(format(p * q, "x"))
        """

    private func modulus(_ kind: String, seed: Int) throws -> PublicKey {
        let result = try ExternalTool.named("python3").run(["-c", Self.generator, kind, String(seed)])
        #expect(result.succeeded, "\(result.transcript)")
        let hex = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = try #require(SerialNumber(hex: hex.count % 2 == 0 ? hex : "0" + hex)).bytes
        let rsaPublicKey = DER.sequence([DER.integer(magnitude: bytes), DER.integer(65_537)])
        let spki = DER.sequence([
            DER.sequence([DER.objectIdentifier("1.2.840.113549.1.1.1"), [0x05, 0x00]]),
            DER.tlv(0x03, [0x00] + rsaPublicKey),
        ])
        return try PublicKey(subjectPublicKeyInfo: spki)
    }

    @Test(arguments: [1, 2])
    func closePrimesAreRefused(seed: Int) throws {
        let key = try modulus("fermat", seed: seed)
        #expect(key.spec == .rsa2048)
        #expect { try KeyQuality.check(key) } throws: { ($0 as? PKIError)?.reason.contains("Fermat") == true }
    }

    @Test(arguments: [1, 2])
    func rocaStructuredModuliAreRefused(seed: Int) throws {
        let key = try modulus("roca", seed: seed)
        #expect { try KeyQuality.check(key) } throws: { ($0 as? PKIError)?.reason.contains("ROCA") == true }
    }

    @Test(arguments: [1, 2, 3])
    func ordinaryModuliPass(seed: Int) throws {
        try KeyQuality.check(try modulus("random", seed: seed))
    }

    @Test func realKeysFromOpenSSLPass() throws {
        // Fresh keys: the ROCA and Fermat tests must not mistake ordinary keys for broken ones.
        for _ in 0..<10 {
            try KeyQuality.check(try PrivateKey.generate(.rsa2048).publicKey)
        }
    }
}
