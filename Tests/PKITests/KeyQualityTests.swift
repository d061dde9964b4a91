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
