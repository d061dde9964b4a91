import Foundation
import PKI
import Store

extension CertificateAuthority {
    /// Revokes a certificate of one of the issuing CAs. `reason` nil states none (the CRL entry then
    /// carries no reasonCode: `unspecified` is never written). A key compromise blocks the key at once
    /// and revokes every other unexpired certificate for it, whoever holds it. One transaction.
    @discardableResult
    package func revoke(serialHex: String, reason: RevocationReason?, now: Date = Date()) throws -> CertificateRecord {
        try revokeWithKey(try findCertificate(serialHex), reason: reason, now: now)[0]
    }

    /// A member's own revocation (`revoke@`): only the certificate's member may ask, and only for the
    /// reasons a subscriber states; `privilegeWithdrawn` and `cACompromise` are the operator's. Returns the
    /// certificate and any others revoked with its key.
    package func revokeForMember(
        memberID: Int64,
        serialHex: String,
        reason: RevocationReason?,
        now: Date = Date()
    ) throws -> [CertificateRecord] {
        let certificate = try checkRevocationByMember(memberID: memberID, serialHex: serialHex, reason: reason)
        return try revokeWithKey(certificate, reason: reason, now: now)
    }

    /// The checks of `revokeForMember` without revoking: what the robot runs before it asks the member
    /// to confirm, so a request for someone else's certificate is refused at once.
    package func checkRevocationByMember(
        memberID: Int64,
        serialHex: String,
        reason: RevocationReason?
    ) throws -> CertificateRecord {
        if let reason, !Self.subscriberReasons.contains(reason) {
            throw AuthorityError(
                .refused,
                "\(reason.name) is not a reason a member states; write one of \(Self.subscriberReasons.map(\.name).joined(separator: ", ")), or none"
            )
        }
        let certificate = try findCertificate(serialHex)
        guard certificate.memberID == memberID else {
            throw AuthorityError(
                .refused,
                "certificate \(certificate.serialHex) is not one of yours; only its holder may revoke it"
            )
        }
        guard certificate.revokedAt == nil else {
            throw AuthorityError(.refused, "certificate \(certificate.serialHex) was already revoked")
        }
        return certificate
    }

    /// The reasons a member may give (TLS BR §4.9.1.1, S/MIME BR §4.9.1.1).
    package static let subscriberReasons: [RevocationReason] = [
        .keyCompromise, .superseded, .cessationOfOperation, .affiliationChanged,
    ]

    private func findCertificate(_ serialHex: String) throws -> CertificateRecord {
        guard let serial = SerialNumber(hex: serialHex) else {
            throw AuthorityError(.unknownCertificate, "'\(serialHex.prefix(80))' is not a hexadecimal serial number")
        }
        for purpose in CAPurpose.allCases {
            let issuer = try record(.issuing(purpose))
            if let found = try store.certificate(issuer: issuer.id, serialHex: serial.hex), found.der != nil {
                return found
            }
        }
        throw AuthorityError(.unknownCertificate, "no certificate with serial \(serial.hex) was issued by this CA")
    }

    private func revokeWithKey(
        _ certificate: CertificateRecord,
        reason: RevocationReason?,
        now: Date
    ) throws -> [CertificateRecord] {
        guard certificate.revokedAt == nil else {
            throw AuthorityError(.refused, "certificate \(certificate.serialHex) was already revoked")
        }
        let time = now.wholeSeconds
        return try store.transaction {
            var revoked = [
                try store.revokeCertificate(
                    issuer: certificate.issuerID,
                    serialHex: certificate.serialHex,
                    reason: reason?.name,
                    at: time
                )
            ]
            guard reason == .keyCompromise else { return revoked }
            try store.blockKey(
                spkiSHA256: certificate.spkiSHA256,
                reason: "keyCompromise: certificate \(certificate.serialHex)"
            )
            for other in try store.certificates(withSPKI: certificate.spkiSHA256)
            where other.id != certificate.id && other.revokedAt == nil && other.der != nil && other.notAfter > time {
                revoked.append(
                    try store.revokeCertificate(
                        issuer: other.issuerID,
                        serialHex: other.serialHex,
                        reason: RevocationReason.keyCompromise.name,
                        at: time
                    )
                )
            }
            return revoked
        }
    }

    /// The dispute ruling that moves an address to another member: the address's unexpired
    /// certificates are revoked (affiliationChanged) in the same transaction, so a certificate
    /// for an address its holder no longer owns stops working.
    @discardableResult
    package func transferEmail(
        _ address: String,
        to newOwner: Int64,
        reason: String,
        now: Date = Date()
    ) throws
        -> [CertificateRecord]
    {
        try store.transaction {
            guard let email = try store.email(address) else {
                throw AuthorityError(.refused, "\(address) is not registered to any member")
            }
            let formerOwner = email.memberID
            try store.transferEmail(address, to: newOwner, reason: reason)
            var revoked: [CertificateRecord] = []
            for certificate in try store.certificates(forMember: formerOwner)
            where certificate.revokedAt == nil && certificate.der != nil && certificate.notAfter > now
                && certificate.subjectAltNames.contains(email.address.lowercased())
            {
                revoked.append(
                    try store.revokeCertificate(
                        issuer: certificate.issuerID,
                        serialHex: certificate.serialHex,
                        reason: RevocationReason.affiliationChanged.name,
                        at: now.wholeSeconds
                    )
                )
            }
            return revoked
        }
    }
}
