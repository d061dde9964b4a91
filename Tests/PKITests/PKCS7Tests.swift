import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// Certs-only PKCS#7, judged by `openssl pkcs7`.
@Suite struct PKCS7Tests {
    let hierarchy = Hierarchy.shared

    @Test func opensslPrintsEveryCertificate() throws {
        let certificates = [hierarchy.root] + CAPurpose.allCases.map { hierarchy.issuers[$0]!.certificate }
        let der = try PKCS7.certificatesOnly(certificates)
        let directory = try TemporaryDirectory("vouch-pkcs7")
        let file = try directory.write("roots.p7c", bytes: der)
        let printed = try ExternalTool.openssl.run(["pkcs7", "-inform", "DER", "-in", file, "-print_certs"])
        #expect(printed.succeeded, "\(printed.transcript)")
        for certificate in certificates {
            #expect(printed.output.contains(try certificate.pem), "\(certificate.subject)")
        }
        // No signers and no content: the degenerate SignedData of RFC 8551 §3.2.2.
        let structure = try ExternalTool.openssl.run(["pkcs7", "-inform", "DER", "-in", file, "-print", "-noout"])
        let signers = structure.output.components(separatedBy: "signer_info:").last ?? ""
        #expect(signers.trimmingCharacters(in: .whitespacesAndNewlines) == "<EMPTY>", "\(structure.output)")
    }

    @Test func theOrderGivenDoesNotChangeTheBytes() throws {
        let certificates = [hierarchy.root] + CAPurpose.allCases.map { hierarchy.issuers[$0]!.certificate }
        #expect(try PKCS7.certificatesOnly(certificates) == PKCS7.certificatesOnly(certificates.reversed()))
    }

    @Test func anEmptyListIsStillAContainer() throws {
        let der = try PKCS7.certificatesOnly([])
        #expect(der.first == 0x30)
    }
}
