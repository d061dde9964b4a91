import COpenSSL
import Foundation

/// Vouch's own lints of a subscriber certificate, run on a linting certificate before the real one is
/// signed (Boulder's "linting signer"): what the profile requires is read back from the DER, through
/// OpenSSL, not from the template that built it, so a builder bug is caught before a signature exists.
/// pkilint remains the judge in the tests; these lints keep a bad certificate from ever being signed.
package enum CertificateLint {
    /// What the certificate should be, from the issuance's own point of view.
    package struct Expectation: Sendable {
        package var profile: CertificateProfile
        package var issuer: Certificate
        /// The longest lifetime the rules allow today, inclusive (TLS BR §6.3.2, S/MIME BR §6.3.2).
        package var maximumDays: Int
        /// The CRL URL the certificate must name: its shard.
        package var crlURL: String
        package var caIssuersURL: String

        package init(
            profile: CertificateProfile,
            issuer: Certificate,
            maximumDays: Int,
            crlURL: String,
            caIssuersURL: String
        ) {
            self.profile = profile
            self.issuer = issuer
            self.maximumDays = maximumDays
            self.crlURL = crlURL
            self.caIssuersURL = caIssuersURL
        }
    }

    /// Every finding; an empty list means the certificate may be signed.
    package static func findings(_ certificate: Certificate, expecting expected: Expectation) -> [String] {
        var found: [String] = []
        func check(_ condition: Bool, _ finding: @autoclosure () -> String) {
            if !condition { found.append(finding()) }
        }
        let x509 = certificate.pointer
        check(X509_get_version(x509) == 2, "not an X.509 version 3 certificate")
        let serial = certificate.serialNumber.bytes
        check(serial.count >= 9 && serial.count <= 20, "the serial has \(serial.count) bytes (9 to 20 allowed)")
        check(serial.first.map { $0 < 0x80 && $0 != 0 } ?? false, "the serial is not a positive minimal integer")
        let days = certificate.validitySeconds / 86_400
        check(days <= Double(expected.maximumDays), "the lifetime is \(days) days, over \(expected.maximumDays)")
        check(certificate.notAfter <= expected.issuer.notAfter, "the certificate outlives its issuer")
        check(
            (try? certificate.issuer.derEncoded) == (try? expected.issuer.subject.derEncoded),
            "the issuer name is not the issuing CA's subject"
        )

        let extensions = Self.extensions(of: x509)
        let oids = extensions.map(\.oid)
        check(Set(oids).count == oids.count, "an extension appears twice")
        let required = requiredExtensions(expected.profile)
        let allowed = required.union(optionalExtensions(expected.profile))
        for oid in required where !oids.contains(oid) { found.append("the extension \(oid) is missing") }
        for oid in oids where !allowed.contains(oid) { found.append("the extension \(oid) is not in this profile") }
        let critical = Dictionary(extensions.map { ($0.oid, $0.critical) }, uniquingKeysWith: { first, _ in first })
        check(critical[OID.keyUsage] == true, "keyUsage is not critical")
        for oid in [OID.extendedKeyUsage, OID.certificatePolicies, OID.crlDistributionPoints, OID.authorityInfoAccess]
        where critical[oid] == true {
            found.append("\(oid) is critical")
        }
        let subjectIsEmpty = certificate.subject.isEmpty
        if let sanCritical = critical[OID.subjectAltName] {
            check(sanCritical == subjectIsEmpty, "subjectAltName must be critical exactly when the subject is empty")
        }

        // Key usage against the key type (RFC 5480 §3, RFC 8813; TLS BR §7.1.2.7.11).
        let usage = X509_get_key_usage(x509)
        let isRSA = (try? certificate.publicKey.isRSA) ?? false
        check(usage & UInt32(KU_DIGITAL_SIGNATURE) != 0, "keyUsage lacks digitalSignature")
        check(
            usage & UInt32(KU_KEY_CERT_SIGN | KU_CRL_SIGN) == 0,
            "a subscriber certificate may not sign certificates or CRLs"
        )
        if !isRSA { check(usage & UInt32(KU_KEY_ENCIPHERMENT) == 0, "an EC key cannot encipher keys") }

        let value = Dictionary(extensions.map { ($0.oid, $0.value) }, uniquingKeysWith: { first, _ in first })
        let purposes = value[OID.extendedKeyUsage].flatMap(DERReader.objectIdentifiers) ?? []
        check(purposes == [expectedUsage(expected.profile)], "extendedKeyUsage is \(purposes), not exactly one purpose")
        let policies = value[OID.certificatePolicies].flatMap(DERReader.policyIdentifiers) ?? []
        if let reserved = reservedPolicy(expected.profile) {
            check(policies.first == reserved, "certificatePolicies does not start with \(reserved)")
        }
        check(
            value[OID.crlDistributionPoints].flatMap(DERReader.uris) == [expected.crlURL],
            "the CRL distribution point is not \(expected.crlURL)"
        )
        check(
            value[OID.authorityInfoAccess].flatMap(DERReader.uris) == [expected.caIssuersURL],
            "caIssuers is not \(expected.caIssuersURL)"
        )
        if let issuerKeyID = expected.issuer.subjectKeyIdentifier, let aki = value[OID.authorityKeyIdentifier] {
            check(DERReader.keyIdentifier(aki) == issuerKeyID, "authorityKeyIdentifier is not the issuer's key")
        }

        let names = (try? certificate.subjectAlternativeNames) ?? SubjectAlternativeNames()
        check(names.unsupportedTypes.isEmpty, "subjectAltName holds \(names.unsupportedTypes)")
        switch expected.profile {
        case .smimeMailbox, .smimeIndividual:
            check(!names.emailAddresses.isEmpty && names.dnsNames.isEmpty, "an S/MIME certificate names mailboxes only")
            check(names.emailAddresses.allSatisfy(CertificateNames.isMailbox), "a mailbox is malformed")
        case .tlsDomain:
            check(!names.dnsNames.isEmpty && names.emailAddresses.isEmpty, "a TLS certificate names DNS names only")
            check(names.dnsNames.allSatisfy(CertificateNames.isPublicDNSName), "a DNS name is not a public name")
            check(subjectIsEmpty, "a domain-validated certificate has an empty subject here")
        case .codeSigning:
            check(names.isEmpty, "a code signing certificate carries no subjectAltName")
            check(certificate.subject.commonName != nil, "a code signing certificate names its holder")
        case .rootCA, .issuingCA:
            found.append("\(expected.profile.name) is not a subscriber profile")
        }
        return found
    }

    /// Signs a copy of `template` with a throwaway key of the issuer's type under the issuer's name:
    /// the linting certificate, whose to-be-signed part equals the real one's byte for byte.
    package static func lintingCertificate(_ template: CertificateTemplate, by issuer: Issuer) throws -> Certificate {
        let throwaway = try ThrowawayKeys.shared.key(like: issuer.privateKey)
        let stand_in = Issuer(
            certificate: issuer.certificate,
            privateKey: throwaway,
            crlURL: issuer.crlURL,
            certificateURL: issuer.certificateURL,
            digestKey: issuer.privateKey.publicKey
        )
        return try CertificateBuilder.sign(template, by: stand_in)
    }

    private static func requiredExtensions(_ profile: CertificateProfile) -> Set<String> {
        var required: Set<String> = [
            OID.keyUsage, OID.extendedKeyUsage, OID.crlDistributionPoints, OID.authorityInfoAccess,
            OID.authorityKeyIdentifier,
        ]
        switch profile {
        case .smimeMailbox, .smimeIndividual:
            required.formUnion([OID.subjectAltName, OID.certificatePolicies, OID.subjectKeyIdentifier])
        case .tlsDomain: required.formUnion([OID.subjectAltName, OID.certificatePolicies])
        case .codeSigning: required.insert(OID.subjectKeyIdentifier)
        case .rootCA, .issuingCA: break
        }
        return required
    }

    private static func optionalExtensions(_ profile: CertificateProfile) -> Set<String> {
        profile == .codeSigning ? [OID.certificatePolicies] : []
    }

    private static func expectedUsage(_ profile: CertificateProfile) -> String {
        switch profile {
        case .tlsDomain: return OID.serverAuth
        case .codeSigning: return OID.codeSigning
        default: return OID.emailProtection
        }
    }

    private static func reservedPolicy(_ profile: CertificateProfile) -> String? {
        switch profile {
        case .tlsDomain: return OID.tlsDomainValidated
        case .smimeMailbox: return OID.smimeMailboxValidatedStrict
        case .smimeIndividual: return OID.smimeIndividualValidatedStrict
        default: return nil
        }
    }

    private static func extensions(of x509: OpaquePointer) -> [(oid: String, critical: Bool, value: [UInt8])] {
        (0..<X509_get_ext_count(x509)).compactMap { index in
            guard let item = X509_get_ext(x509, index), let data = X509_EXTENSION_get_data(item) else { return nil }
            let bytes = Array(
                UnsafeBufferPointer(start: ASN1_STRING_get0_data(data), count: Int(ASN1_STRING_length(data)))
            )
            return (objectText(X509_EXTENSION_get_object(item)), X509_EXTENSION_get_critical(item) == 1, bytes)
        }
    }
}

/// One throwaway key per key algorithm and process, for linting certificates: never used for anything
/// else. The cheapest key of the issuer's algorithm, P-256 for ECDSA and RSA-2048 for RSA: the
/// signature algorithm in the certificate names the digest (which the stand-in issuer keeps) and not
/// the key's size or curve, so the to-be-signed bytes are the issuer's, at a fraction of a P-384 or
/// RSA-4096 signature.
final class ThrowawayKeys: @unchecked Sendable {
    // @unchecked: `keys` is only touched under `lock`; keys are immutable.
    static let shared = ThrowawayKeys()
    private let lock = NSLock()
    private var keys: [KeySpec: PrivateKey] = [:]

    func key(like issuerKey: PrivateKey) throws -> PrivateKey {
        guard let issuerSpec = issuerKey.publicKey.spec else {
            throw PKIError(.signing, "the issuing key is of a type Vouch does not sign with")
        }
        let spec: KeySpec = issuerSpec.curveName == nil ? .rsa2048 : .p256
        return try lock.withLock {
            if let key = keys[spec] { return key }
            let key = try PrivateKey.generate(spec)
            keys[spec] = key
            return key
        }
    }
}

/// Just enough DER reading (X.690) for the lints: walk TLVs and pick OIDs and URIs out of extension values.
enum DERReader {
    struct Element {
        let tag: UInt8
        let content: ArraySlice<UInt8>
    }

    /// The elements of `bytes`, one after another; nil if the encoding is broken.
    static func elements(_ bytes: ArraySlice<UInt8>) -> [Element]? {
        var result: [Element] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let tag = bytes[index]
            index += 1
            guard index < bytes.endIndex else { return nil }
            var length = Int(bytes[index])
            index += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count > 0, count <= 3, index + count <= bytes.endIndex else { return nil }
                length = bytes[index..<(index + count)].reduce(0) { $0 << 8 | Int($1) }
                index += count
            }
            guard index + length <= bytes.endIndex else { return nil }
            result.append(Element(tag: tag, content: bytes[index..<(index + length)]))
            index += length
        }
        return result
    }

    static func objectIdentifier(_ content: ArraySlice<UInt8>) -> String? {
        guard let first = content.first else { return nil }
        var arcs: [UInt64] = [UInt64(min(first / 40, 2)), UInt64(first) - UInt64(min(first / 40, 2)) * 40]
        var value: UInt64 = 0
        for byte in content.dropFirst() {
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 {
                arcs.append(value)
                value = 0
            }
        }
        return arcs.map(String.init).joined(separator: ".")
    }

    /// SEQUENCE OF OBJECT IDENTIFIER (extendedKeyUsage).
    static func objectIdentifiers(_ value: [UInt8]) -> [String]? {
        guard let outer = elements(value[...])?.first, outer.tag == 0x30 else { return nil }
        return elements(outer.content)?.compactMap { $0.tag == 0x06 ? objectIdentifier($0.content) : nil }
    }

    /// The policyIdentifier of each PolicyInformation (certificatePolicies).
    static func policyIdentifiers(_ value: [UInt8]) -> [String]? {
        guard let outer = elements(value[...])?.first, outer.tag == 0x30 else { return nil }
        return elements(outer.content)?.compactMap { information in
            guard let first = elements(information.content)?.first, first.tag == 0x06 else { return nil }
            return objectIdentifier(first.content)
        }
    }

    /// Every uniformResourceIdentifier ([6]) anywhere in the value (CRL distribution points, AIA).
    static func uris(_ value: [UInt8]) -> [String]? {
        var found: [String] = []
        func walk(_ bytes: ArraySlice<UInt8>) -> Bool {
            guard let items = elements(bytes) else { return false }
            for item in items {
                if item.tag == 0x86 {
                    found.append(String(decoding: item.content, as: UTF8.self))
                } else if item.tag & 0x20 != 0 {
                    guard walk(item.content) else { return false }
                }
            }
            return true
        }
        return walk(value[...]) ? found : nil
    }

    /// The keyIdentifier ([0]) of an authorityKeyIdentifier.
    static func keyIdentifier(_ value: [UInt8]) -> [UInt8]? {
        guard let outer = elements(value[...])?.first, outer.tag == 0x30,
            let identifier = elements(outer.content)?.first(where: { $0.tag == 0x80 })
        else { return nil }
        return Array(identifier.content)
    }
}
