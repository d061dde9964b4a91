import Foundation
import Testing
import VouchTestSupport

@testable import PKI

/// A CA hierarchy built once per test run with the PKI module alone: a root and three issuing CAs.
struct Hierarchy: Sendable {
    static let base = "http://ca.example.org"
    static let policyOID = "1.3.6.1.4.1.32473.1.1"
    static let now = Date().wholeSeconds

    let rootKey: PrivateKey
    let root: Certificate
    let issuers: [CAPurpose: (key: PrivateKey, certificate: Certificate)]

    static let shared: Hierarchy = try! Hierarchy()

    init(rootSpec: KeySpec = .p384) throws {
        rootKey = try PrivateKey.generate(rootSpec)
        root = try CertificateBuilder.sign(
            CertificateTemplate(
                profile: .rootCA,
                subject: DistinguishedName([
                    (.country, "XX"), (.organization, "Vouch Test"), (.commonName, "Vouch Test Root CA"),
                ]),
                publicKey: rootKey.publicKey,
                notBefore: Self.now.addingTimeInterval(-3600),
                lifetimeDays: 365 * 20
            ),
            by: Issuer(certificate: nil, privateKey: rootKey, crlURL: nil, certificateURL: nil)
        )
        let rootIssuer = Issuer(
            certificate: root,
            privateKey: rootKey,
            crlURL: "\(Self.base)/crl/root.crl",
            certificateURL: "\(Self.base)/roots/root.der"
        )
        var issuers: [CAPurpose: (PrivateKey, Certificate)] = [:]
        for purpose in CAPurpose.allCases {
            let key = try PrivateKey.generate(.p384)
            let certificate = try CertificateBuilder.sign(
                CertificateTemplate(
                    profile: .issuingCA(purpose),
                    subject: DistinguishedName([
                        (.country, "XX"), (.organization, "Vouch Test"),
                        (.commonName, "Vouch Test \(purpose.displayName) CA"),
                    ]),
                    publicKey: key.publicKey,
                    notBefore: Self.now.addingTimeInterval(-3600),
                    lifetimeDays: 365 * 10,
                    policyOIDs: [Self.policyOID]
                ),
                by: rootIssuer
            )
            issuers[purpose] = (key, certificate)
        }
        self.issuers = issuers.mapValues { (key: $0.0, certificate: $0.1) }
    }

    var rootIssuer: Issuer {
        Issuer(
            certificate: root,
            privateKey: rootKey,
            crlURL: "\(Self.base)/crl/root.crl",
            certificateURL: "\(Self.base)/roots/root.der"
        )
    }

    func issuer(_ purpose: CAPurpose) -> Issuer {
        let (key, certificate) = issuers[purpose]!
        return Issuer(
            certificate: certificate,
            privateKey: key,
            crlURL: "\(Self.base)/crl/\(purpose.rawValue).crl",
            certificateURL: "\(Self.base)/roots/\(purpose.rawValue).der"
        )
    }

    /// Signs a subscriber certificate of `profile` for a fresh key.
    func issue(
        _ profile: CertificateProfile,
        keySpec: KeySpec = .p256,
        subject: DistinguishedName = DistinguishedName(),
        names: SubjectAlternativeNames = SubjectAlternativeNames(),
        lifetimeDays: Int = 90,
        notBefore: Date = Hierarchy.now
    ) throws -> Certificate {
        let key = try PrivateKey.generate(keySpec)
        return try CertificateBuilder.sign(
            CertificateTemplate(
                profile: profile,
                subject: subject,
                names: names,
                publicKey: key.publicKey,
                notBefore: notBefore,
                lifetimeDays: lifetimeDays,
                policyOIDs: [Self.policyOID]
            ),
            by: issuer(profile.issuingPurpose!)
        )
    }
}

/// Runs pkilint and openssl on files in a temporary directory.
struct Judge {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory("vouch-pki") }

    func write(_ name: String, _ certificate: Certificate) throws -> String {
        try directory.write(name, certificate.pem)
    }

    /// pkilint at WARNING: the transcript, empty when clean.
    func lint(_ tool: String, _ arguments: [String], file: String) throws -> String {
        try ExternalTool.pkilintFindings(tool, arguments, file: file)
    }

    /// `openssl verify -x509_strict` of `leaf` up to `root`: the transcript, empty on success.
    func verify(_ leaf: Certificate, root: Certificate, untrusted: [Certificate], extra: [String] = []) throws -> String
    {
        let rootFile = try write("root-\(UUID().uuidString).pem", root)
        let chainFile = try directory.write("chain-\(UUID().uuidString).pem", try untrusted.map { try $0.pem }.joined())
        let leafFile = try write("leaf-\(UUID().uuidString).pem", leaf)
        var arguments = ["verify", "-x509_strict", "-CAfile", rootFile]
        if !untrusted.isEmpty { arguments += ["-untrusted", chainFile] }
        let result = try ExternalTool.openssl.run(
            arguments + extra + [leafFile],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
        )
        return result.succeeded ? "" : result.transcript
    }
}

/// Expects a judge's transcript to be empty, and shows it when it is not.
func expectClean(_ transcript: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(transcript.isEmpty, "\(transcript)", sourceLocation: sourceLocation)
}
