import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// S/MIME signature verification, against messages signed by Vouch and by `openssl cms -sign`.
@Suite struct SignedMessageTests {
    let hierarchy = Hierarchy.shared
    let key: PrivateKey
    let certificate: Certificate
    let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\nAdd: second@example.org\r\n".utf8)

    init() throws {
        key = try PrivateKey.generate(.p256)
        certificate = try CertificateBuilder.sign(
            CertificateTemplate(
                profile: .smimeMailbox,
                subject: DistinguishedName(),
                names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"]),
                publicKey: key.publicKey,
                notBefore: Hierarchy.now,
                lifetimeDays: 30
            ),
            by: hierarchy.issuer(.smime)
        )
    }

    private var intermediates: [Certificate] { [hierarchy.issuers[.smime]!.certificate] }

    @Test func verifiesItsOwnSignature() throws {
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        #expect(String(decoding: signed, as: UTF8.self).contains("multipart/signed"))
        let verified = try SignedMessage.verify(
            signed,
            roots: [hierarchy.root],
            intermediates: intermediates,
            at: Date()
        )
        #expect(verified.signer.serialNumber == certificate.serialNumber)
        #expect(try verified.signer.subjectAlternativeNames.emailAddresses == ["alice@example.org"])
        #expect(String(decoding: verified.content, as: UTF8.self).contains("Add: second@example.org"))
    }

    @Test func verifiesOpenSSLSignaturesInBothForms() throws {
        let directory = try TemporaryDirectory()
        let keyFile = try directory.write("key.pem", try key.encryptedPEM(passphrase: "a passphrase"))
        let certFile = try directory.write("cert.pem", try certificate.pem)
        let contentFile = try directory.write("content.txt", bytes: content)
        for form in [[], ["-nodetach"]] {
            let out = directory.file("signed-\(form.count).eml").path
            let signed = try ExternalTool.openssl.run(
                [
                    "cms", "-sign", "-in", contentFile, "-signer", certFile, "-inkey", keyFile, "-passin",
                    "pass:a passphrase",
                    "-out", out,
                ] + form
            )
            #expect(signed.succeeded, "\(signed.transcript)")
            let message =
                Array("From: alice@example.org\nTo: email@ca.example.org\n".utf8)
                + Array(try Data(contentsOf: URL(fileURLWithPath: out)))
            let verified = try SignedMessage.verify(
                message,
                roots: [hierarchy.root],
                intermediates: intermediates,
                at: Date()
            )
            #expect(verified.signer.serialNumber == certificate.serialNumber)
            #expect(String(decoding: verified.content, as: UTF8.self).contains("Add: second@example.org"))
        }
    }

    @Test func alteredContentFails() throws {
        var signed = String(
            decoding: try SignedMessage.sign(content, certificate: certificate, key: key),
            as: UTF8.self
        )
        signed = signed.replacingOccurrences(of: "second@example.org", with: "mallory@example.org")
        #expect {
            try SignedMessage.verify(
                Array(signed.utf8),
                roots: [hierarchy.root],
                intermediates: intermediates,
                at: Date()
            )
        } throws: { ($0 as? PKIError)?.code == .badSignature }
    }

    @Test func intermediateAloneIsNoAnchor() throws {
        // Trusting only the issuing CA (no root) must not verify: intermediates are chain material, not anchors.
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        #expect {
            try SignedMessage.verify(signed, roots: [], intermediates: intermediates, at: Date())
        } throws: { ($0 as? PKIError)?.code == .badSignature }
    }

    @Test func foreignRootAndUnsignedMailFail() throws {
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        let stranger = try Hierarchy()
        #expect {
            try SignedMessage.verify(signed, roots: [stranger.root], intermediates: intermediates, at: Date())
        } throws: { ($0 as? PKIError)?.code == .badSignature }
        #expect {
            try SignedMessage.verify(
                Array("From: a@example.org\n\nhello\n".utf8),
                roots: [hierarchy.root],
                intermediates: [],
                at: Date()
            )
        } throws: { ($0 as? PKIError)?.code == .malformedSignature }
    }

    @Test func expiredSignerFails() throws {
        let signed = try SignedMessage.sign(content, certificate: certificate, key: key)
        #expect {
            try SignedMessage.verify(
                signed,
                roots: [hierarchy.root],
                intermediates: intermediates,
                at: Date().addingTimeInterval(40 * 86_400)
            )
        } throws: { ($0 as? PKIError)?.code == .badSignature }
    }
}
