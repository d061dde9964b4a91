import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// CRLs of the issuing CAs and the root, judged by pkilint and openssl.
@Suite struct CRLTests {
    let hierarchy = Hierarchy.shared

    @Test(arguments: CAPurpose.allCases)
    func subscriberCRLLintsAndVerifies(purpose: CAPurpose) throws {
        let judge = try Judge()
        let issuer = hierarchy.issuer(purpose)
        let serial = try SerialNumber.random()
        let crl = try CertificateRevocationList.sign(
            CRLTemplate(
                number: 7,
                thisUpdate: Hierarchy.now,
                nextUpdate: Hierarchy.now.addingTimeInterval(7 * 86_400),
                entries: [
                    RevokedEntry(
                        serialNumber: serial,
                        revokedAt: Hierarchy.now.addingTimeInterval(-60),
                        reason: .keyCompromise
                    ),
                    RevokedEntry(serialNumber: try SerialNumber.random(), revokedAt: Hierarchy.now, reason: nil),
                ],
                distributionPoint: issuer.crlURL
            ),
            by: issuer
        )
        let file = try judge.directory.write("crl.pem", try crl.pem)
        expectClean(try judge.lint("lint_crl", ["-t", "CRL", "-p", "BR"], file: file))
        let caFile = try judge.write("ca.pem", issuer.certificate!)
        let verified = try ExternalTool.openssl.run(["crl", "-in", file, "-verify", "-CAfile", caFile, "-noout"])
        #expect(verified.succeeded && verified.error.contains("verify OK"), "\(verified.transcript)")
        #expect(crl.revokedSerials.contains(serial))
        #expect(try !crl.text.contains("Unspecified"))
        #expect(crl.isSigned(by: try issuer.certificate!.publicKey))
    }

    @Test func rootARLLints() throws {
        let judge = try Judge()
        let issuer = hierarchy.rootIssuer
        let crl = try CertificateRevocationList.sign(
            CRLTemplate(
                number: 1,
                thisUpdate: Hierarchy.now,
                nextUpdate: Hierarchy.now.addingTimeInterval(365 * 86_400),
                entries: [],
                coversCACertificates: true
            ),
            by: issuer
        )
        let file = try judge.directory.write("arl.pem", try crl.pem)
        expectClean(try judge.lint("lint_crl", ["-t", "ARL", "-p", "BR"], file: file))
        let caFile = try judge.write("root.pem", hierarchy.root)
        let verified = try ExternalTool.openssl.run(["crl", "-in", file, "-verify", "-CAfile", caFile, "-noout"])
        #expect(verified.succeeded && verified.error.contains("verify OK"), "\(verified.transcript)")
    }

    @Test func revokedCertificateFailsCRLCheck() throws {
        let judge = try Judge()
        let issuer = hierarchy.issuer(.smime)
        let names = SubjectAlternativeNames(emailAddresses: ["bob@example.org"])
        let revoked = try hierarchy.issue(.smimeMailbox, names: names)
        let kept = try hierarchy.issue(.smimeMailbox, names: names)
        let crl = try CertificateRevocationList.sign(
            CRLTemplate(
                number: 2,
                thisUpdate: Hierarchy.now.addingTimeInterval(-60),
                nextUpdate: Hierarchy.now.addingTimeInterval(86_400),
                entries: [
                    RevokedEntry(serialNumber: revoked.serialNumber, revokedAt: Hierarchy.now, reason: .superseded)
                ],
                distributionPoint: issuer.crlURL
            ),
            by: issuer
        )
        let rootCRL = try CertificateRevocationList.sign(
            CRLTemplate(
                number: 1,
                thisUpdate: Hierarchy.now.addingTimeInterval(-60),
                nextUpdate: Hierarchy.now.addingTimeInterval(86_400),
                entries: [],
                coversCACertificates: true
            ),
            by: hierarchy.rootIssuer
        )
        let crlFile = try judge.directory.write("crls.pem", try crl.pem + rootCRL.pem)
        let issuing = issuer.certificate!
        let failure = try judge.verify(
            revoked,
            root: hierarchy.root,
            untrusted: [issuing],
            extra: ["-crl_check_all", "-CRLfile", crlFile]
        )
        #expect(failure.contains("revoked"), "\(failure)")
        expectClean(
            try judge.verify(
                kept,
                root: hierarchy.root,
                untrusted: [issuing],
                extra: ["-crl_check_all", "-CRLfile", crlFile]
            )
        )
    }
}
