import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// Every profile's certificate, judged by the real tools: `openssl verify -x509_strict` and pkilint at WARNING.
@Suite struct ProfileLintTests {
    let hierarchy = Hierarchy.shared

    @Test func rootPassesPKIXLint() throws {
        let judge = try Judge()
        let file = try judge.write("root.pem", hierarchy.root)
        expectClean(try judge.lint("lint_pkix_cert", [], file: file))
        expectClean(try judge.verify(hierarchy.root, root: hierarchy.root, untrusted: []))
    }

    @Test(arguments: CAPurpose.allCases)
    func issuingCAPassesLintAndVerify(purpose: CAPurpose) throws {
        let judge = try Judge()
        let certificate = hierarchy.issuers[purpose]!.certificate
        let file = try judge.write("issuing.pem", certificate)
        expectClean(try judge.lint("lint_pkix_cert", [], file: file))
        if purpose == .tls {
            expectClean(
                try judge.lint("lint_cabf_serverauth_cert", ["-t", "INTERNAL-UNCONSTRAINED-TLS-CA"], file: file)
            )
        }
        expectClean(try judge.verify(certificate, root: hierarchy.root, untrusted: []))
        #expect(certificate.isSigned(by: try hierarchy.root.publicKey))
    }

    @Test(arguments: [KeySpec.p256, .p384, .rsa2048, .rsa3072])
    func smimeMailboxStrict(keySpec: KeySpec) throws {
        let judge = try Judge()
        let certificate = try hierarchy.issue(
            .smimeMailbox,
            keySpec: keySpec,
            subject: DistinguishedName([(.commonName, "alice@example.org")]),
            names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"]),
            lifetimeDays: 730
        )
        let file = try judge.write("smime.pem", certificate)
        expectClean(try judge.lint("lint_cabf_smime_cert", ["-t", "MAILBOX-STRICT"], file: file))
        let issuing = hierarchy.issuers[.smime]!.certificate
        expectClean(
            try judge.verify(certificate, root: hierarchy.root, untrusted: [issuing], extra: ["-purpose", "smimesign"])
        )
    }

    @Test(arguments: [KeySpec.p256, .rsa2048])
    func tlsDomainValidated(keySpec: KeySpec) throws {
        let judge = try Judge()
        let certificate = try hierarchy.issue(
            .tlsDomain,
            keySpec: keySpec,
            names: SubjectAlternativeNames(dnsNames: ["www.example.org", "example.org"]),
            lifetimeDays: 199
        )
        let file = try judge.write("tls.pem", certificate)
        expectClean(try judge.lint("lint_cabf_serverauth_cert", ["-t", "DV-FINAL-CERTIFICATE"], file: file))
        let issuing = hierarchy.issuers[.tls]!.certificate
        expectClean(
            try judge.verify(certificate, root: hierarchy.root, untrusted: [issuing], extra: ["-purpose", "sslserver"])
        )
        #expect(certificate.subjectKeyIdentifier == nil)
        #expect(try certificate.subjectAlternativeNames.dnsNames == ["www.example.org", "example.org"])
    }

    @Test func tlsLifetimeAboveRecommendedIsFlagged() throws {
        // Guards the judge itself: 200 days (inclusive) is over the recommended 199, and pkilint says so.
        let judge = try Judge()
        let certificate = try hierarchy.issue(
            .tlsDomain,
            names: SubjectAlternativeNames(dnsNames: ["example.org"]),
            lifetimeDays: 200
        )
        #expect(certificate.validitySeconds == 200 * 86_400)
        let file = try judge.write("tls-200.pem", certificate)
        #expect(
            try judge.lint("lint_cabf_serverauth_cert", ["-t", "DV-FINAL-CERTIFICATE"], file: file).contains("199")
        )
    }

    @Test(arguments: [KeySpec.p256, .rsa3072])
    func codeSigning(keySpec: KeySpec) throws {
        let judge = try Judge()
        let certificate = try hierarchy.issue(
            .codeSigning,
            keySpec: keySpec,
            subject: DistinguishedName([(.commonName, "Alice Example")]),
            lifetimeDays: 460
        )
        let file = try judge.write("code.pem", certificate)
        expectClean(try judge.lint("lint_pkix_cert", [], file: file))
        let issuing = hierarchy.issuers[.codeSigning]!.certificate
        expectClean(try judge.verify(certificate, root: hierarchy.root, untrusted: [issuing]))
    }

    @Test func wrongIssuingCAFailsPurposeCheck() throws {
        // An S/MIME certificate chained through the TLS CA must not verify: the EKU constraint bites.
        let judge = try Judge()
        let key = try PrivateKey.generate(.p256)
        let certificate = try CertificateBuilder.sign(
            CertificateTemplate(
                profile: .smimeMailbox,
                subject: DistinguishedName(),
                names: SubjectAlternativeNames(emailAddresses: ["a@example.org"]),
                publicKey: key.publicKey,
                notBefore: Hierarchy.now,
                lifetimeDays: 30
            ),
            by: hierarchy.issuer(.tls)
        )
        let issuing = hierarchy.issuers[.tls]!.certificate
        #expect(
            try judge.verify(certificate, root: hierarchy.root, untrusted: [issuing], extra: ["-purpose", "smimesign"])
                != ""
        )
    }

    @Test func validityIsCountedInclusively() throws {
        let certificate = try hierarchy.issue(
            .tlsDomain,
            names: SubjectAlternativeNames(dnsNames: ["example.org"]),
            lifetimeDays: 47
        )
        #expect(certificate.validitySeconds == 47 * 86_400)
        #expect(certificate.notBefore == Hierarchy.now)
    }
}
