import Foundation

/// The bundle-signing certificate: an end-entity certificate from the root whose only purpose is to
/// sign the SHA256SUMS of root-bundle releases (detached CMS).
///
/// No CA/B Forum profile covers it and pkilint has no type for it; it follows RFC 5280 and the
/// shape of Vouch's other end-entity certificates: keyUsage digitalSignature only, one private
/// extendedKeyUsage, the operator's policy, the root's CRL and certificate URLs, AKI and SKI.
package struct BundleSignerTemplate: Sendable {
    package var subject: DistinguishedName
    package var publicKey: PublicKey
    package var notBefore: Date
    /// Counted inclusively, like every Vouch lifetime.
    package var lifetimeDays: Int
    /// The private key purpose that says "signs Vouch root bundles" (under the operator's arc).
    package var extendedKeyUsage: String
    package var policyOIDs: [String]
    /// Recorded by the caller before signing; random when nil.
    package var serialNumber: SerialNumber?

    package init(
        subject: DistinguishedName,
        publicKey: PublicKey,
        notBefore: Date,
        lifetimeDays: Int,
        extendedKeyUsage: String,
        policyOIDs: [String],
        serialNumber: SerialNumber? = nil
    ) {
        self.subject = subject
        self.publicKey = publicKey
        self.notBefore = notBefore
        self.lifetimeDays = lifetimeDays
        self.extendedKeyUsage = extendedKeyUsage
        self.policyOIDs = policyOIDs
        self.serialNumber = serialNumber
    }

    package var notAfter: Date { notBefore.wholeSeconds.addingTimeInterval(TimeInterval(lifetimeDays) * 86_400 - 1) }
}

extension CertificateBuilder {
    /// Signs a bundle-signing certificate with the root.
    package static func sign(_ template: BundleSignerTemplate, by issuer: Issuer) throws -> Certificate {
        func refuse(_ reason: String) -> PKIError { PKIError(.invalidProfileInput, "bundle signer: \(reason)") }
        guard let root = issuer.certificate, root.isCA else { throw refuse("the issuer must be the root CA") }
        guard template.lifetimeDays > 0 else { throw refuse("the lifetime must be at least one day") }
        guard template.notAfter <= root.notAfter else {
            throw refuse("the certificate would outlive the root (until \(root.notAfter))")
        }
        guard template.publicKey.spec != nil else {
            throw refuse("\(template.publicKey.algorithmDescription) keys are not accepted")
        }
        guard template.subject.commonName != nil else { throw refuse("the subject needs a commonName") }
        let arcs = template.extendedKeyUsage.split(separator: ".", omittingEmptySubsequences: false)
        guard arcs.count >= 3, arcs.allSatisfy({ UInt32($0) != nil }) else {
            throw refuse("'\(template.extendedKeyUsage)' is not a dotted object identifier")
        }
        var extensions: [Extension] = [
            .keyUsage([.digitalSignature]),
            .extendedKeyUsage([template.extendedKeyUsage]),
        ]
        if !template.policyOIDs.isEmpty { extensions.append(.certificatePolicies(template.policyOIDs)) }
        if let url = issuer.crlURL { extensions.append(.crlDistributionPoint(url)) }
        if let url = issuer.certificateURL { extensions.append(.caIssuers(url)) }
        extensions += [
            .authorityKeyIdentifier(try issuer.keyIdentifier),
            .subjectKeyIdentifier(try template.publicKey.keyIdentifier),
        ]
        return try assemble(
            subject: template.subject,
            publicKey: template.publicKey,
            validity: (template.notBefore, template.notAfter),
            serial: try template.serialNumber ?? SerialNumber.random(),
            extensions: extensions,
            issuer: issuer
        )
    }
}
