import Foundation
import PKI
import Store

/// The outcome of signing one CA's CRL.
package struct SignedCRL: Sendable {
    package let ca: CAName
    package let number: Int64
    package let entries: Int
    package let nextUpdate: Date
    package let file: URL
}

extension CertificateAuthority {
    /// Revokes a certificate of one of the issuing CAs. `reason` nil states none (the CRL entry then
    /// carries no reasonCode: `unspecified` is never written).
    @discardableResult
    package func revoke(serialHex: String, reason: RevocationReason?, now: Date = Date()) throws -> CertificateRecord {
        guard let serial = SerialNumber(hex: serialHex) else {
            throw AuthorityError(.unknownCertificate, "'\(serialHex)' is not a hexadecimal serial number")
        }
        for purpose in CAPurpose.allCases {
            let issuer = try record(.issuing(purpose))
            guard let found = try store.certificate(issuer: issuer.id, serialHex: serial.hex) else { continue }
            guard found.revokedAt == nil else {
                throw AuthorityError(.refused, "certificate \(serial.hex) was already revoked")
            }
            return try store.revokeCertificate(
                issuer: issuer.id,
                serialHex: serial.hex,
                reason: reason?.name,
                at: now.wholeSeconds
            )
        }
        throw AuthorityError(.unknownCertificate, "no certificate with serial \(serial.hex) was issued by this CA")
    }

    /// Signs a fresh CRL for every issuing CA. Each gets the next CRL number and is written
    /// atomically to `crl/NAME.crl` (DER). The root's ARL is not among them: its key is offline.
    @discardableResult
    package func signCRLs(now: Date = Date()) throws -> [SignedCRL] {
        let now = now.wholeSeconds
        return try CAPurpose.allCases.map { purpose in
            let name = CAName.issuing(purpose)
            return try signCRL(name, by: try issuer(name), now: now, validityDays: configuration.crlValidityDays)
        }
    }

    /// Signs the root's CA CRL (ARL) with the root's identity, which only the operator brings
    /// (`vouch root sign-arl`, or the ceremony while the new key is still in memory).
    @discardableResult
    package func signARL(by root: Issuer, now: Date = Date()) throws -> SignedCRL {
        try signCRL(.root, by: root, now: now.wholeSeconds, validityDays: configuration.arlValidityDays)
    }

    private func signCRL(_ name: CAName, by issuer: Issuer, now: Date, validityDays: Int) throws -> SignedCRL {
        let coversCAs = name == .root
        let record = try record(name)
        // A row that does not read back exactly stops the signing: a CRL listing a guessed serial or
        // dropping a reason would be worse than a late one.
        let entries = try store.revokedCertificates(issuer: record.id).map { revoked in
            guard let serial = SerialNumber(hex: revoked.serialHex) else {
                throw AuthorityError(
                    .invalidConfiguration,
                    "the registry holds '\(revoked.serialHex)' as a revoked serial"
                )
            }
            var reason: RevocationReason?
            if let name = revoked.reason {
                guard let known = RevocationReason(name: name) else {
                    throw AuthorityError(
                        .invalidConfiguration,
                        "serial \(revoked.serialHex) has the unknown reason '\(name)'"
                    )
                }
                reason = known
            }
            return RevokedEntry(serialNumber: serial, revokedAt: revoked.revokedAt, reason: reason)
        }
        let number = try store.nextCRLNumber(issuer: record.id)
        let nextUpdate = now.addingTimeInterval(TimeInterval(validityDays) * 86_400)
        // Subscriber CRLs name their URL in a critical issuingDistributionPoint; the root's ARL is a
        // complete CRL without one, so path validation of the root itself finds it in scope.
        let crl = try CertificateRevocationList.sign(
            CRLTemplate(
                number: UInt64(number),
                thisUpdate: now,
                nextUpdate: nextUpdate,
                entries: entries,
                distributionPoint: coversCAs ? nil : configuration.crlURL(name.fileName),
                coversCACertificates: coversCAs
            ),
            by: issuer
        )
        let file = directory.crlFile(name.fileName)
        let der = try crl.der
        // Audit first, then publish: a CRL anyone can fetch always has its row in the chain.
        try store.appendAudit(
            action: "crl.sign",
            subject: "ca:\(name.fileName)",
            details: [
                "number": String(number), "entries": String(entries.count), "sha256": Digest.sha256(der).hex,
                "nextUpdate": ISO8601DateFormatter().string(from: nextUpdate),
            ]
        )
        try AtomicFile.write(der, to: file)
        return SignedCRL(ca: name, number: number, entries: entries.count, nextUpdate: nextUpdate, file: file)
    }
}
