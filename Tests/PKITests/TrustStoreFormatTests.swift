import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// The PKI pieces of root bundles, each judged by the tool that reads it.
@Suite struct TrustStoreFormatTests {
    let hierarchy = Hierarchy.shared
    let judge: Judge

    init() throws { judge = try Judge() }

    private func openssl(_ arguments: [String]) throws -> String {
        let result = try ExternalTool.openssl.run(arguments)
        #expect(result.succeeded, "\(result.transcript)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func subjectHashesAreOpenSSLs() throws {
        for certificate in [hierarchy.root] + CAPurpose.allCases.map({ hierarchy.issuers[$0]!.certificate }) {
            let file = try judge.write("ca-\(UUID().uuidString).pem", certificate)
            #expect(
                String(format: "%08x", certificate.subjectHash)
                    == (try openssl(["x509", "-in", file, "-noout", "-subject_hash"]))
            )
            #expect(
                String(format: "%08x", certificate.subjectHashOld)
                    == (try openssl(["x509", "-in", file, "-noout", "-subject_hash_old"]))
            )
            #expect(
                "md5 Fingerprint=\(try certificate.md5Fingerprint.colonHex)"
                    == (try openssl(["x509", "-in", file, "-noout", "-fingerprint", "-md5"]))
            )
        }
    }

    @Test(arguments: [
        ([0x00], "0"), ([0x01], "1"), ([0xFF], "255"), ([0x01, 0x00], "256"),
        ([0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x15, 0x4B, 0x5A, 0xC3, 0x94], "4835703278459707669005204"),
    ])
    func decimalSerials(bytes: [UInt8], decimal: String) {
        #expect(SerialNumber(bytes: bytes).decimal == decimal)
    }

    @Test func namesSerialAndUsagesAsDER() throws {
        let tls = hierarchy.issuers[.tls]!.certificate
        #expect(tls.extendedKeyUsages == [OID.serverAuth])
        #expect(hierarchy.root.extendedKeyUsages.isEmpty)
        #expect(try tls.issuerDER == hierarchy.root.subjectDER)
        let serial = tls.serialNumberDER
        #expect(serial.first == 0x02 && Array(serial.suffix(tls.serialNumber.bytes.count)) == tls.serialNumber.bytes)
        #expect(try hierarchy.root.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
    }

    @Test func keytoolListsTrustedCertEntries() throws {
        let entries = [
            PKCS12Truststore.Entry(alias: "vouch test root ca", certificate: hierarchy.root),
            PKCS12Truststore.Entry(alias: "vouch test tls ca", certificate: hierarchy.issuers[.tls]!.certificate),
        ]
        let salt = Array(repeating: UInt8(7), count: 16)
        let der = try PKCS12Truststore.make(entries, password: "changeit", salt: salt)
        #expect(try der == PKCS12Truststore.make(entries.reversed(), password: "changeit", salt: salt))
        let file = try judge.directory.write("truststore.p12", bytes: der)
        let listed = try ExternalTool.named("keytool").run([
            "-list", "-keystore", file, "-storetype", "PKCS12", "-storepass", "changeit",
        ])
        #expect(listed.succeeded, "\(listed.transcript)")
        #expect(listed.output.contains("Your keystore contains 2 entries"), "\(listed.output)")
        #expect(listed.output.components(separatedBy: "trustedCertEntry").count == 3, "\(listed.output)")
        let wrong = try ExternalTool.named("keytool").run([
            "-list", "-keystore", file, "-storetype", "PKCS12", "-storepass", "wrong-password",
        ])
        #expect(!wrong.succeeded, "the MAC did not protect the truststore")
    }

    @Test func bundleSignerSignsWhatOpenSSLCMSVerifies() throws {
        let key = try PrivateKey.generate(.rsa3072)
        let signer = try CertificateBuilder.sign(
            BundleSignerTemplate(
                subject: DistinguishedName([
                    (.country, "XX"), (.organization, "Vouch Test"), (.commonName, "Vouch Test Bundle Signer"),
                ]),
                publicKey: key.publicKey,
                notBefore: Hierarchy.now,
                lifetimeDays: 365,
                extendedKeyUsage: "\(Hierarchy.policyOID).2.1",
                policyOIDs: [Hierarchy.policyOID]
            ),
            by: hierarchy.rootIssuer
        )
        #expect(signer.extendedKeyUsages == ["\(Hierarchy.policyOID).2.1"])
        #expect(!signer.isCA)
        expectClean(try judge.verify(signer, root: hierarchy.root, untrusted: [], extra: ["-purpose", "any"]))

        let content = Array("0123  certs/root.crt\n".utf8)
        let time = Date(timeIntervalSince1970: 1_767_225_600)
        let signature = try DetachedSignature.sign(content, certificate: signer, key: key, signingTime: time)
        #expect(try signature == DetachedSignature.sign(content, certificate: signer, key: key, signingTime: time))
        let contentFile = try judge.directory.write("SHA256SUMS", bytes: content)
        let signatureFile = try judge.directory.write("SHA256SUMS.sig", bytes: signature)
        let rootFile = try judge.write("root.pem", hierarchy.root)
        let verified = try ExternalTool.openssl.run([
            "cms", "-verify", "-binary", "-inform", "DER", "-in", signatureFile, "-content", contentFile,
            "-CAfile", rootFile, "-purpose", "any", "-out", "/dev/null",
        ])
        #expect(verified.succeeded, "\(verified.transcript)")
        let printed = try openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", signatureFile])
        #expect(printed.contains("UTCTIME:Jan  1 00:00:00 2026 GMT"), "\(printed)")

        let tampered = try judge.directory.write("SHA256SUMS.bad", bytes: content + [0x0A])
        let refused = try ExternalTool.openssl.run([
            "cms", "-verify", "-binary", "-inform", "DER", "-in", signatureFile, "-content", tampered,
            "-CAfile", rootFile, "-purpose", "any", "-out", "/dev/null",
        ])
        #expect(!refused.succeeded)
    }
}
