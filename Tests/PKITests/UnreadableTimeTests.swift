import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// A certificate or CRL whose times OpenSSL parses as strings but cannot read as times is refused
/// when parsed, never dated to the distant past.
@Suite struct UnreadableTimeTests {
    /// `der` with the digits of its first UTCTime replaced by letters, keeping its length.
    static func garblingFirstTime(_ der: [UInt8]) throws -> [UInt8] {
        var bytes = der
        let start = try #require(
            (0..<(bytes.count - 2)).first { bytes[$0] == 0x17 && bytes[$0 + 1] == 0x0D && bytes[$0 + 14] == 0x5A }
        )
        bytes[start + 4] = UInt8(ascii: "A")
        bytes[start + 5] = UInt8(ascii: "B")
        return bytes
    }

    @Test func aCertificateWithAnUnreadableValidityIsRefused() throws {
        let directory = try TemporaryDirectory("vouch-time")
        let file = directory.file("c.der").path
        let made = try ExternalTool.openssl.run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            directory.file("k.pem").path, "-subj", "/CN=time", "-days", "30", "-outform", "DER", "-out", file,
        ])
        #expect(made.succeeded, "\(made.transcript)")
        let der = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        let certificate = try Certificate(der: der)
        #expect(certificate.notAfter > Date() && certificate.notBefore < Date())
        let garbled = try Self.garblingFirstTime(der)
        #expect {
            try Certificate(der: garbled)
        } throws: { error in
            (error as? PKIError)?.reason.contains("not a readable time") == true
        }
    }

    @Test func aCRLWithAnUnreadableThisUpdateIsRefused() throws {
        let der = try CertificateRevocationList.sign(
            CRLTemplate(
                number: 1,
                thisUpdate: Hierarchy.now,
                nextUpdate: Hierarchy.now.addingTimeInterval(86_400),
                entries: [],
                distributionPoint: Hierarchy.shared.issuer(.smime).crlURL
            ),
            by: Hierarchy.shared.issuer(.smime)
        ).der
        #expect(try CertificateRevocationList(der: der).thisUpdate == Hierarchy.now.wholeSeconds)
        #expect {
            try CertificateRevocationList(der: try Self.garblingFirstTime(der))
        } throws: { error in
            (error as? PKIError)?.reason.contains("not a readable time") == true
        }
    }
}
