import Foundation
import PKI
import Store

/// One certificate as the operator sees it (`vouch cert show|list`); `--json` keys are stable.
package struct CertificateReport: Sendable, Codable, Hashable {
    package var serial: String
    package var issuer: String
    package var profile: String
    package var member: String?
    package var subject: String
    package var names: [String]
    package var notBefore: String
    package var notAfter: String
    /// "valid", "revoked", "expired", "reserved" (serial recorded, never signed) or "abandoned".
    package var status: String
    package var revoked: String?
    package var reason: String?
    package var crlShard: Int?
    package var crlURL: String?
    package var lint: String?
    package var request: Int64?

    /// One line for a terminal.
    package var line: String {
        "\(serial)  \(issuer)/\(profile)  \(status)  until \(notAfter)  \(names.joined(separator: ","))"
            + (member.map { "  (\($0))" } ?? "")
    }
}

extension CertificateAuthority {
    /// The operator's view of one certificate by serial, from any issuing CA.
    package func certificateReport(serialHex: String, now: Date = Date()) throws -> CertificateReport {
        guard let serial = SerialNumber(hex: serialHex) else {
            throw AuthorityError(.unknownCertificate, "'\(serialHex.prefix(80))' is not a hexadecimal serial number")
        }
        for purpose in CAPurpose.allCases {
            let issuer = try record(.issuing(purpose))
            if let found = try store.certificate(issuer: issuer.id, serialHex: serial.hex) {
                return try report(found, issuer: purpose, now: now)
            }
        }
        throw AuthorityError(.unknownCertificate, "no certificate with serial \(serial.hex) was issued by this CA")
    }

    /// Every signed certificate, or a member's, or those unrevoked and expiring within `expiringDays`.
    package func certificateReports(
        memberEmail: String?,
        expiringDays: Int?,
        now: Date = Date()
    ) throws
        -> [CertificateReport]
    {
        var reports: [CertificateReport] = []
        let purposeByIssuer = Dictionary(
            uniqueKeysWithValues: try CAPurpose.allCases.map { (try record(.issuing($0)).id, $0) }
        )
        func add(_ record: CertificateRecord) throws {
            guard let purpose = purposeByIssuer[record.issuerID] else { return }
            reports.append(try report(record, issuer: purpose, now: now))
        }
        if let days = expiringDays {
            try store.forEachUnrevokedCertificate(
                expiringFrom: now,
                to: now.addingTimeInterval(TimeInterval(days) * 86_400)
            ) {
                certificate in
                if try memberEmail.map({ try memberID(ofEmail: $0) == certificate.memberID }) ?? true {
                    try add(certificate)
                }
            }
            return reports
        }
        if let memberEmail {
            for certificate in try store.certificates(forMember: try memberID(ofEmail: memberEmail)) {
                try add(certificate)
            }
            return reports
        }
        for purpose in CAPurpose.allCases {
            try store.forEachCertificate(issuer: try record(.issuing(purpose)).id) { try add($0) }
        }
        return reports
    }

    private func memberID(ofEmail email: String) throws -> Int64 {
        guard let member = try store.member(byEmail: email.lowercased()) else {
            throw AuthorityError(.unknownMember, "no member has the address \(email)")
        }
        return member.id
    }

    private func report(_ record: CertificateRecord, issuer purpose: CAPurpose, now: Date) throws -> CertificateReport {
        let status: String
        if record.abandonedAt != nil {
            status = "abandoned"
        } else if record.der == nil {
            status = "reserved"
        } else if record.revokedAt != nil {
            status = "revoked"
        } else if record.notAfter <= now {
            status = "expired"
        } else {
            status = "valid"
        }
        let name = CAName.issuing(purpose)
        return CertificateReport(
            serial: record.serialHex,
            issuer: name.fileName,
            profile: record.profile,
            member: try record.memberID.flatMap { try store.member(id: $0)?.primaryEmail },
            subject: record.subject,
            names: record.subjectAltNames,
            notBefore: Self.timestamp(record.notBefore),
            notAfter: Self.timestamp(record.notAfter),
            status: status,
            revoked: record.revokedAt.map(Self.timestamp),
            reason: record.revocationReason,
            crlShard: record.crlShard,
            crlURL: record.der == nil ? nil : crlURL(name, shard: record.crlShard),
            lint: record.lint,
            request: record.requestID
        )
    }
}
