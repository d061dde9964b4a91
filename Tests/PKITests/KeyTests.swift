import Foundation
import Testing
import VouchTestSupport

@testable import PKI

@Suite struct KeyTests {
    @Test(arguments: KeySpec.allCases)
    func generatesEveryKeySpec(spec: KeySpec) throws {
        let key = try PrivateKey.generate(spec)
        #expect(key.publicKey.spec == spec)
        #expect(try key.publicKey.fingerprint.count == 32)
    }

    @Test func encryptedPEMRoundTripsAndOpenSSLAgrees() throws {
        let key = try PrivateKey.generate(.p256)
        let pem = try key.encryptedPEM(passphrase: "correct horse")
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let reread = try PrivateKey(pem: pem, passphrase: "correct horse")
        #expect(try reread.publicKey.fingerprint == key.publicKey.fingerprint)

        // The real tool reads it as AES-256 PKCS#8 with the same passphrase.
        let directory = try TemporaryDirectory()
        let file = try directory.write("key.pem", pem)
        let parsed = try ExternalTool.openssl.run(["asn1parse", "-in", file])
        #expect(parsed.output.contains("aes-256-cbc"), "\(parsed.transcript)")
        let opened = try ExternalTool.openssl.run(["pkey", "-in", file, "-passin", "pass:correct horse", "-noout"])
        #expect(opened.succeeded, "\(opened.transcript)")
    }

    @Test func keysAreSealedWithPBKDF2SHA256AtSixHundredThousandIterations() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("key.pem", try PrivateKey.generate(.p256).encryptedPEM(passphrase: "sealed"))
        let parsed = try ExternalTool.openssl.run(["asn1parse", "-in", file]).output
        #expect(parsed.contains(":PBES2") && parsed.contains(":PBKDF2"), "\(parsed)")
        #expect(parsed.contains(":hmacWithSHA256"), "\(parsed)")
        // 600,000 = 0x0927C0, the iteration count OpenSSL prints in hex.
        #expect(parsed.contains("INTEGER           :0927C0"), "\(parsed)")
    }

    @Test func keysWrittenWithOpenSSLsDefaultsStillOpen() throws {
        // What earlier versions wrote: PBES2 with OpenSSL's default 2,048 iterations.
        let directory = try TemporaryDirectory()
        let file = directory.file("old.pem").path
        let made = try ExternalTool.openssl.run([
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass",
            "pass:an older passphrase", "-out", file,
        ])
        #expect(made.succeeded, "\(made.transcript)")
        let pem = try String(contentsOfFile: file, encoding: .utf8)
        #expect(try PrivateKey(pem: pem, passphrase: "an older passphrase").publicKey.spec == .p256)
    }

    @Test func wrongPassphraseIsSaidSo() throws {
        let pem = try PrivateKey.generate(.p256).encryptedPEM(passphrase: "right")
        #expect { try PrivateKey(pem: pem, passphrase: "wrong") } throws: {
            ($0 as? PKIError)?.code == .wrongPassphrase
        }
    }

    @Test func refusesToWriteAnUnencryptedKey() throws {
        #expect(throws: PKIError.self) { try PrivateKey.generate(.p256).encryptedPEM(passphrase: "") }
    }

    @Test func fingerprintIsSHA256OfSubjectPublicKeyInfo() throws {
        let key = try PrivateKey.generate(.p384)
        let directory = try TemporaryDirectory()
        let file = try directory.write("pub.der", bytes: try key.publicKey.subjectPublicKeyInfo)
        let digest = try ExternalTool.openssl.run(["dgst", "-sha256", "-r", file])
        #expect(digest.output.hasPrefix(try key.publicKey.fingerprint.hex))
    }
}

@Suite struct SerialNumberTests {
    @Test func tenThousandSerialsAreDistinctPositiveAndLongEnough() throws {
        var seen = Set<[UInt8]>()
        var orOfRandomBytes = [UInt8](repeating: 0, count: 16)
        var andOfRandomBytes = [UInt8](repeating: 0xFF, count: 16)
        for _ in 0..<10_000 {
            let serial = try SerialNumber.random()
            #expect(serial.bytes.count == 17)
            #expect(serial.bytes[0] != 0 && serial.bytes[0] < 0x80)  // positive, no leading zero byte
            for index in 0..<16 {
                orOfRandomBytes[index] |= serial.bytes[index + 1]
                andOfRandomBytes[index] &= serial.bytes[index + 1]
            }
            seen.insert(serial.bytes)
        }
        #expect(seen.count == 10_000)
        // Every one of the 128 random bits was seen both set and clear: none is stuck.
        #expect(orOfRandomBytes.allSatisfy { $0 == 0xFF })
        #expect(andOfRandomBytes.allSatisfy { $0 == 0 })
    }

    @Test func serialSurvivesACertificate() throws {
        let certificate = try Hierarchy.shared.issue(
            .tlsDomain,
            names: SubjectAlternativeNames(dnsNames: ["example.org"])
        )
        #expect(certificate.serialNumber.bytes.count == 17)
        #expect(SerialNumber(hex: certificate.serialNumber.hex) == certificate.serialNumber)
    }
}
