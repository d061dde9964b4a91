import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// The key identifier Vouch computes (RFC 5280 §4.2.1.2 method 1, read from the encoded key by
/// hand) against the one `openssl req -x509` puts into a certificate for the same key.
@Suite struct KeyIdentifierTests {
    @Test(arguments: [
        ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"],
    ])
    func matchesOpenSSL(_ generate: [String]) throws {
        let directory = try TemporaryDirectory("vouch-ski")
        let keyFile = directory.url.appendingPathComponent("key.pem").path
        #expect(try ExternalTool.openssl.run(generate + ["-out", keyFile]).succeeded)
        let certificate = try ExternalTool.openssl.run([
            "req", "-x509", "-new", "-key", keyFile, "-subj", "/CN=key identifier", "-days", "1",
            "-addext", "subjectKeyIdentifier=hash",
        ])
        #expect(certificate.succeeded, "\(certificate.transcript)")
        let theirs = try #require(try Certificate(pem: certificate.output).subjectKeyIdentifier)
        let key = try PrivateKey(pem: try String(contentsOfFile: keyFile, encoding: .utf8), passphrase: nil)
        let publicKey = key.publicKey
        #expect(try publicKey.keyIdentifier == theirs)
        // Asked again, from the cached encoding: still the key's own identifier.
        #expect(try publicKey.keyIdentifier == theirs)
    }

    @Test func malformedKeyInfoHasNoBits() {
        #expect(SubjectPublicKeyBits.of([]) == nil)
        #expect(SubjectPublicKeyBits.of([0x30, 0x03, 0x30, 0x00, 0x03]) == nil)
        #expect(SubjectPublicKeyBits.of([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(SubjectPublicKeyBits.of([0x30, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00]) == [])
        // Unused bits in a key's BIT STRING: not a key Vouch reads.
        #expect(SubjectPublicKeyBits.of([0x30, 0x06, 0x30, 0x00, 0x03, 0x02, 0x01, 0xFF]) == nil)
    }
}
