import COpenSSL
import Foundation

/// The CA that signs: its key, its certificate (absent when self-signing), and where its
/// certificate and CRL are published, which go into what it signs.
package struct Issuer: Sendable {
    package let certificate: Certificate?
    package let privateKey: PrivateKey
    /// The HTTP URL of this issuer's CRL (cRLDistributionPoints of what it signs).
    package let crlURL: String?
    /// The HTTP URL of this issuer's certificate (AIA caIssuers of what it signs).
    package let certificateURL: String?

    /// The key whose digest the signature uses, when it is not the signing key's own: a linting
    /// stand-in signs with a cheaper key but must write the same signature algorithm as the issuer.
    let digestKey: PublicKey?

    package init(certificate: Certificate?, privateKey: PrivateKey, crlURL: String?, certificateURL: String?) {
        self.init(
            certificate: certificate,
            privateKey: privateKey,
            crlURL: crlURL,
            certificateURL: certificateURL,
            digestKey: nil
        )
    }

    init(
        certificate: Certificate?,
        privateKey: PrivateKey,
        crlURL: String?,
        certificateURL: String?,
        digestKey: PublicKey?
    ) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.crlURL = crlURL
        self.certificateURL = certificateURL
        self.digestKey = digestKey
    }

    /// The digest of this issuer's signatures: SHA-384 for a P-384 key, SHA-256 otherwise.
    var signatureDigest: OpaquePointer? { (digestKey ?? privateKey.publicKey).signatureDigest }

    /// The subject name of the issuer: its certificate's, or the new certificate's own when self-signing.
    func name(selfSigned subject: DistinguishedName) -> DistinguishedName { certificate?.subject ?? subject }

    /// The key identifier of the issuer, for the authorityKeyIdentifier of what it signs.
    var keyIdentifier: [UInt8] {
        get throws { try certificate?.subjectKeyIdentifier ?? privateKey.publicKey.keyIdentifier }
    }
}

/// Everything about a certificate to be signed except the issuer.
package struct CertificateTemplate: Sendable {
    package var profile: CertificateProfile
    package var subject: DistinguishedName
    package var names: SubjectAlternativeNames
    package var publicKey: PublicKey
    package var notBefore: Date
    /// Lifetime counted inclusively (TLS BR §1.6.1): notAfter = notBefore + days − 1 second.
    package var lifetimeDays: Int
    /// The operator's own policy identifiers (its CP/CPS), added after any CA/B Forum reserved one.
    package var policyOIDs: [String]
    package var serialNumber: SerialNumber?

    package init(
        profile: CertificateProfile,
        subject: DistinguishedName,
        names: SubjectAlternativeNames = SubjectAlternativeNames(),
        publicKey: PublicKey,
        notBefore: Date,
        lifetimeDays: Int,
        policyOIDs: [String] = [],
        serialNumber: SerialNumber? = nil
    ) {
        self.profile = profile
        self.subject = subject
        self.names = names
        self.publicKey = publicKey
        self.notBefore = notBefore
        self.lifetimeDays = lifetimeDays
        self.policyOIDs = policyOIDs
        self.serialNumber = serialNumber
    }

    package var notAfter: Date { notBefore.wholeSeconds.addingTimeInterval(TimeInterval(lifetimeDays) * 86_400 - 1) }
}

/// Signs certificates from templates, enforcing each profile's shape before anything is signed.
package enum CertificateBuilder {
    /// Signs `template` with `issuer`, after checking the template against its profile.
    package static func sign(_ template: CertificateTemplate, by issuer: Issuer) throws -> Certificate {
        try validate(template, issuer: issuer)
        let serial = try template.serialNumber ?? SerialNumber.random()
        return try assemble(
            subject: template.subject,
            publicKey: template.publicKey,
            validity: (template.notBefore, template.notAfter),
            serial: serial,
            extensions: try extensions(for: template, issuer: issuer),
            issuer: issuer
        )
    }

    /// Fills in and signs a certificate whose extensions are already decided.
    static func assemble(
        subject: DistinguishedName,
        publicKey: PublicKey,
        validity: (notBefore: Date, notAfter: Date),
        serial: SerialNumber,
        extensions: [Extension],
        issuer: Issuer
    ) throws -> Certificate {
        guard let certificate = X509_new() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        let owned = Certificate(taking: certificate)
        let subjectName = try subject.makeX509Name()
        defer { X509_NAME_free(subjectName) }
        let issuerName = try issuer.name(selfSigned: subject).makeX509Name()
        defer { X509_NAME_free(issuerName) }
        let serialInteger = try serial.makeASN1Integer()
        defer { ASN1_INTEGER_free(serialInteger) }
        let notBefore = try ASN1Time.make(validity.notBefore)
        defer { ASN1_TIME_free(notBefore) }
        let notAfter = try ASN1Time.make(validity.notAfter)
        defer { ASN1_TIME_free(notAfter) }

        guard X509_set_version(certificate, Int(X509_VERSION_3)) == 1,
            X509_set_serialNumber(certificate, serialInteger) == 1,
            X509_set_subject_name(certificate, subjectName) == 1,
            X509_set_issuer_name(certificate, issuerName) == 1,
            X509_set1_notBefore(certificate, notBefore) == 1,
            X509_set1_notAfter(certificate, notAfter) == 1,
            X509_set_pubkey(certificate, publicKey.pointer) == 1
        else { throw PKIError.drainingOpenSSL(.signing, "could not fill in the certificate") }

        for item in extensions {
            let x509Extension = try item.makeX509Extension()
            defer { X509_EXTENSION_free(x509Extension) }
            guard X509_add_ext(certificate, x509Extension, -1) == 1 else {
                throw PKIError.drainingOpenSSL(.signing, "could not add extension \(item.oid)")
            }
        }
        guard X509_sign(certificate, issuer.privateKey.pointer, issuer.signatureDigest) > 0 else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign the certificate")
        }
        return owned
    }

    /// Signs with the issuer's real key the very certificate that was linted (made by
    /// `CertificateLint.lintingCertificate`), which it takes over: its to-be-signed part is encoded
    /// again, and the caller checks those bytes against the linted ones. Assembling a second
    /// certificate would encode the subject's key, names and extensions a second time.
    package static func sign(linted certificate: Certificate, by issuer: Issuer) throws -> Certificate {
        guard X509_sign(certificate.pointer, issuer.privateKey.pointer, issuer.signatureDigest) > 0 else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign the certificate")
        }
        return certificate
    }

    /// The extensions of each profile, in one place (PROFILES.md; TLS BR §7.1.2, S/MIME BR §7.1.2).
    static func extensions(for template: CertificateTemplate, issuer: Issuer) throws -> [Extension] {
        let subjectKeyID = try template.publicKey.keyIdentifier
        let authorityKeyID = try issuer.certificate == nil ? subjectKeyID : issuer.keyIdentifier
        var result: [Extension] = []
        func distribution() {
            if let url = issuer.crlURL { result.append(.crlDistributionPoint(url)) }
            if let url = issuer.certificateURL { result.append(.caIssuers(url)) }
        }

        switch template.profile {
        case .rootCA:
            result = [
                .basicConstraints(isCA: true, pathLength: nil),
                .keyUsage([.keyCertSign, .cRLSign]),
                .subjectKeyIdentifier(subjectKeyID),
                .authorityKeyIdentifier(subjectKeyID),
            ]
        case .issuingCA(let purpose):
            result = [
                .basicConstraints(isCA: true, pathLength: 0),
                .keyUsage([.keyCertSign, .cRLSign]),
                .extendedKeyUsage([purpose.extendedKeyUsage]),
                .certificatePolicies(purpose.reservedPolicies + template.policyOIDs),
            ]
            distribution()
            result += [.authorityKeyIdentifier(authorityKeyID), .subjectKeyIdentifier(subjectKeyID)]
        case .smimeMailbox:
            let usages: Set<Extension.KeyUsage> =
                template.publicKey.isRSA ? [.digitalSignature, .keyEncipherment] : [.digitalSignature]
            result = [
                .keyUsage(usages),
                .extendedKeyUsage([OID.emailProtection]),
                .subjectAlternativeNames(template.names, critical: template.subject.isEmpty),
                .certificatePolicies([OID.smimeMailboxValidatedStrict] + template.policyOIDs),
            ]
            distribution()
            result += [.authorityKeyIdentifier(authorityKeyID), .subjectKeyIdentifier(subjectKeyID)]
        case .smimeIndividual:
            let usages: Set<Extension.KeyUsage> =
                template.publicKey.isRSA ? [.digitalSignature, .keyEncipherment] : [.digitalSignature]
            result = [
                .keyUsage(usages),
                .extendedKeyUsage([OID.emailProtection]),
                .subjectAlternativeNames(template.names, critical: false),
                .certificatePolicies([OID.smimeIndividualValidatedStrict] + template.policyOIDs),
            ]
            distribution()
            result += [.authorityKeyIdentifier(authorityKeyID), .subjectKeyIdentifier(subjectKeyID)]
        case .tlsDomain:
            // No subjectKeyIdentifier: TLS BR §7.1.2.7.6 makes it NOT RECOMMENDED for subscribers.
            result = [
                .keyUsage([.digitalSignature]),
                .extendedKeyUsage([OID.serverAuth]),
                .subjectAlternativeNames(template.names, critical: template.subject.isEmpty),
                .certificatePolicies([OID.tlsDomainValidated] + template.policyOIDs),
            ]
            distribution()
            result.append(.authorityKeyIdentifier(authorityKeyID))
        case .codeSigning:
            result = [
                .keyUsage([.digitalSignature]),
                .extendedKeyUsage([OID.codeSigning]),
            ]
            if !template.policyOIDs.isEmpty { result.append(.certificatePolicies(template.policyOIDs)) }
            distribution()
            result += [.authorityKeyIdentifier(authorityKeyID), .subjectKeyIdentifier(subjectKeyID)]
        }
        return result
    }

    /// Refuses templates that do not fit their profile, before a serial is spent or anything signed.
    static func validate(_ template: CertificateTemplate, issuer: Issuer) throws {
        func refuse(_ reason: String) -> PKIError {
            PKIError(.invalidProfileInput, "\(template.profile.name): \(reason)")
        }
        guard template.lifetimeDays > 0 else { throw refuse("the lifetime must be at least one day") }
        guard template.publicKey.spec != nil else {
            throw refuse(
                "\(template.publicKey.algorithmDescription) keys are not accepted; use RSA 2048/3072/4096 or ECDSA P-256/P-384"
            )
        }
        if let issuerCertificate = issuer.certificate {
            guard issuerCertificate.isCA else { throw refuse("the issuer is not a CA") }
            guard template.notAfter <= issuerCertificate.notAfter else {
                throw refuse("the certificate would outlive its issuer (until \(issuerCertificate.notAfter))")
            }
        }
        let names = template.names
        switch template.profile {
        case .rootCA:
            guard issuer.certificate == nil else { throw refuse("a root is self-signed") }
            guard names.isEmpty else { throw refuse("a CA certificate carries no subjectAltName") }
        case .issuingCA:
            guard issuer.certificate != nil else { throw refuse("an issuing CA is signed by the root") }
            guard names.isEmpty else { throw refuse("a CA certificate carries no subjectAltName") }
        case .smimeMailbox:
            guard !names.emailAddresses.isEmpty, names.dnsNames.isEmpty else {
                throw refuse("needs one or more email addresses and no DNS names")
            }
            try names.emailAddresses.forEach {
                guard CertificateNames.isMailbox($0) else { throw refuse("'\($0)' is not a mailbox address") }
            }
            // Mailbox-validated: the subject may only repeat a mailbox (S/MIME BR §7.1.4.2.2).
            for attribute in template.subject.attributes {
                guard
                    attribute.type == DistinguishedName.AttributeType.commonName.rawValue
                        || attribute.type == DistinguishedName.AttributeType.emailAddress.rawValue,
                    names.emailAddresses.contains(attribute.value)
                else { throw refuse("a mailbox-validated subject may only name one of its email addresses") }
            }
        case .smimeIndividual:
            guard !names.emailAddresses.isEmpty, names.dnsNames.isEmpty else {
                throw refuse("needs one or more email addresses and no DNS names")
            }
            try names.emailAddresses.forEach {
                guard CertificateNames.isMailbox($0) else { throw refuse("'\($0)' is not a mailbox address") }
            }
            // Individual-validated: the personal name, split into givenName and surname (S/MIME BR §7.1.4.2.4).
            let allowed: Set<String> = [
                DistinguishedName.AttributeType.commonName.rawValue, DistinguishedName.AttributeType.givenName.rawValue,
                DistinguishedName.AttributeType.surname.rawValue,
            ]
            guard template.subject.attributes.allSatisfy({ allowed.contains($0.type) }),
                template.subject.commonName != nil, !template.subject.values(of: .surname).isEmpty
            else { throw refuse("an individual-validated subject holds the commonName, givenName and surname") }
        case .tlsDomain:
            guard !names.dnsNames.isEmpty, names.emailAddresses.isEmpty else {
                throw refuse("needs one or more DNS names and no email addresses")
            }
            try names.dnsNames.forEach {
                guard CertificateNames.isPublicDNSName($0) else { throw refuse("'\($0)' is not a public DNS name") }
            }
            for attribute in template.subject.attributes {
                guard attribute.type == DistinguishedName.AttributeType.commonName.rawValue,
                    names.dnsNames.contains(attribute.value)
                else { throw refuse("a domain-validated subject may only repeat one of its DNS names") }
            }
        case .codeSigning:
            guard names.isEmpty else { throw refuse("a code signing certificate carries no subjectAltName") }
            guard template.subject.commonName != nil else {
                throw refuse("a code signing certificate names its holder")
            }
            // Code Signing BR §6.1.5: RSA at least 3072 bits, or ECDSA P-256/P-384.
            guard template.publicKey.spec != .rsa2048 else {
                throw refuse("code signing keys must be RSA 3072 or larger, or ECDSA")
            }
        }
    }
}
