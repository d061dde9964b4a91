import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// Certificate requests made by the real `openssl req`, good and bad.
@Suite struct CSRTests {
    let directory: TemporaryDirectory
    let keyFile: String

    init() throws {
        directory = try TemporaryDirectory("vouch-csr")
        keyFile = directory.file("key.pem").path
        try ExternalTool.openssl.run([
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile,
        ])
    }

    private func request(_ extra: [String], der: Bool = false) throws -> [UInt8] {
        let out = directory.file("req-\(UUID().uuidString)").path
        let result = try ExternalTool.openssl.run(
            ["req", "-new", "-key", keyFile, "-subj", "/CN=alice@example.org", "-out", out]
                + (der ? ["-outform", "DER"] : [])
                + extra
        )
        #expect(result.succeeded, "\(result.transcript)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    @Test func pemAndDERParseWithNames() throws {
        for der in [false, true] {
            let csr = try CertificateSigningRequest(
                bytes: try request(["-addext", "subjectAltName=email:alice@example.org,DNS:example.org"], der: der)
            )
            try csr.validate()
            #expect(csr.subject.commonName == "alice@example.org")
            #expect(try csr.requestedNames.emailAddresses == ["alice@example.org"])
            #expect(try csr.requestedNames.dnsNames == ["example.org"])
            #expect(csr.requestedExtensionOIDs.contains("2.5.29.17"))
            #expect(try csr.publicKey.spec == .p256)
        }
    }

    @Test func onlyOneRequestAndNothingElseIsRead() throws {
        let pem = String(decoding: try request([]), as: UTF8.self)
        try CertificateSigningRequest(pem: "\n  \(pem)\n\n").validate()
        let der = try request([], der: true)
        let refused: [[UInt8]] = [
            Array((pem + "trailing junk\n").utf8),
            Array(pem.replacingOccurrences(of: "-----\n", with: "-----junk\n", options: [], range: nil).utf8),
            Array(("Profile: smime\n" + pem).utf8),
            Array((pem + pem).utf8),
            der + [0x00, 0x01],
            // Truncated: the last line of base64 cut off.
            Array(
                pem.split(separator: "\n").enumerated().filter { $0.offset != 2 }.map { String($0.element) }
                    .joined(separator: "\n").utf8
            ),
        ]
        for bytes in refused {
            #expect(throws: PKIError.self, "\(String(decoding: bytes, as: UTF8.self))") {
                try CertificateSigningRequest(bytes: bytes)
            }
        }
    }

    @Test func junkIsMalformed() {
        for junk in [
            Array("hello".utf8), [0x30, 0x82, 0xFF], [],
            Array("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----".utf8),
        ] {
            #expect { try CertificateSigningRequest(bytes: junk) } throws: { ($0 as? PKIError)?.code == .malformedCSR }
        }
    }

    @Test func brokenSignatureIsRefused() throws {
        var der = try request([], der: true)
        der[der.count - 3] ^= 0x01  // inside the signature BIT STRING
        let csr = try CertificateSigningRequest(bytes: der)
        #expect { try csr.validate() } throws: { ($0 as? PKIError)?.code == .badCSRSignature }
    }

    @Test func caTrueIsRefused() throws {
        let csr = try CertificateSigningRequest(bytes: try request(["-addext", "basicConstraints=critical,CA:TRUE"]))
        #expect(csr.requestsCA)
        #expect { try csr.validate() } throws: { ($0 as? PKIError)?.code == .csrRequestsCA }
    }

    @Test(arguments: ["IP:192.0.2.1", "URI:http://example.org/", "RID:1.2.3.4"])
    func unsupportedSANTypeIsRefused(name: String) throws {
        let csr = try CertificateSigningRequest(
            bytes: try request(["-addext", "subjectAltName=DNS:example.org,\(name)"])
        )
        #expect { try csr.validate() } throws: { error in
            guard let error = error as? PKIError else { return false }
            return error.code == .unsupportedSANType && error.reason.contains("only email addresses and DNS names")
        }
    }
}

@Suite struct ProfileInputTests {
    let hierarchy = Hierarchy.shared

    @Test func tlsRefusesEmailsIPsAndInternalNames() throws {
        for names in [
            SubjectAlternativeNames(emailAddresses: ["a@example.org"]),
            SubjectAlternativeNames(dnsNames: ["192.0.2.1"]),
            SubjectAlternativeNames(dnsNames: ["intranet"]),
            SubjectAlternativeNames(dnsNames: ["*.example.org"]),
            SubjectAlternativeNames(dnsNames: []),
        ] {
            #expect { try hierarchy.issue(.tlsDomain, names: names) } throws: {
                ($0 as? PKIError)?.code == .invalidProfileInput
            }
        }
    }

    @Test func smimeSubjectMayNameOnlyTheMailbox() throws {
        #expect {
            try hierarchy.issue(
                .smimeMailbox,
                subject: DistinguishedName([(.commonName, "Alice Example")]),
                names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
            )
        } throws: { ($0 as? PKIError)?.code == .invalidProfileInput }
    }

    @Test func codeSigningRefusesRSA2048() throws {
        #expect {
            try hierarchy.issue(.codeSigning, keySpec: .rsa2048, subject: DistinguishedName([(.commonName, "Alice")]))
        } throws: { ($0 as? PKIError)?.code == .invalidProfileInput }
    }

    @Test func headerInjectionInANameIsJustText() throws {
        // A hostile name is encoded as one UTF8String attribute, never interpreted.
        let hostile = "Alice\n, CN=evil, basicConstraints=CA:TRUE"
        let certificate = try hierarchy.issue(.codeSigning, subject: DistinguishedName([(.commonName, hostile)]))
        #expect(certificate.subject.commonName == hostile)
        #expect(!certificate.isCA)
    }
}

@Suite struct CSRMakingTests {
    @Test func madeRequestsVerifyWithOpenSSL() throws {
        let key = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: key,
            subject: DistinguishedName([(.commonName, "carol@example.org")]),
            names: SubjectAlternativeNames(emailAddresses: ["carol@example.org"])
        )
        try csr.validate()
        #expect(try csr.requestedNames.emailAddresses == ["carol@example.org"])
        let directory = try TemporaryDirectory()
        let file = try directory.write("req.pem", try csr.pem)
        let verified = try ExternalTool.openssl.run(["req", "-in", file, "-verify", "-noout"])
        #expect(verified.succeeded, "\(verified.transcript)")
    }
}
