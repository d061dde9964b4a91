import Authority
import Foundation
import Store

/// Reminds members of certificates about to expire, at each of `mail.expiry_notice_days` (30, 14 and
/// 3 by default), each notice once. None for a revoked certificate (the walk only sees unrevoked ones)
/// or one already renewed (a later certificate of the same profile for the same names); a certificate
/// first seen inside a short window gets only the most urgent notice, not the ones it missed.
package struct ExpiryNoticeJob: Job {
    package let name = "notices"
    package let schedule = "every run"

    package init() {}

    package func run(_ context: JobContext) throws -> String {
        let authority = context.authority
        let days = authority.configuration.expiryNoticeDays
        guard let widest = days.max() else { return "no expiry notices configured" }
        let mail = try RobotMail(context: context)
        var sent = 0
        var renewed = 0
        var candidates: [CertificateRecord] = []
        try authority.store.forEachUnrevokedCertificate(
            expiringFrom: context.now,
            to: context.now.addingTimeInterval(TimeInterval(widest) * 86_400)
        ) { candidates.append($0) }
        for certificate in candidates {
            guard let memberID = certificate.memberID, let member = try authority.store.member(id: memberID) else {
                continue
            }
            let left = certificate.notAfter.timeIntervalSince(context.now) / 86_400
            // The most urgent threshold the certificate is inside of.
            guard let due = days.filter({ Double($0) >= left }).min(),
                try !authority.store.expiryNoticeSent(certificate: certificate.id, daysBefore: due)
            else { continue }
            try authority.store.transaction {
                // Every wider threshold counts as passed, so a late start does not send them all at once.
                for threshold in days where threshold >= due {
                    try authority.store.recordExpiryNotice(
                        certificate: certificate.id,
                        daysBefore: threshold,
                        at: context.now
                    )
                }
                if try isRenewed(certificate, store: authority.store) {
                    renewed += 1
                    return
                }
                try mail.queue(
                    "expiry-notice",
                    to: .member(member, address: member.primaryEmail),
                    values: [
                        "serial": certificate.serialHex, "profile": certificate.profile,
                        "names": certificate.subjectAltNames.isEmpty
                            ? certificate.subject : certificate.subjectAltNames.joined(separator: ", "),
                        "notAfter": ISO8601DateFormatter().string(from: certificate.notAfter),
                        "days": Int(left.rounded(.up)),
                        "link": "\(authority.configuration.baseURL)/members/\(member.statusPageID).html",
                    ],
                    purpose: .notice,
                    requestID: nil
                )
                sent += 1
            }
        }
        try mail.flush()
        return "\(sent) expiry notices sent" + (renewed > 0 ? ", \(renewed) certificates already renewed" : "")
    }

    /// Whether the member holds a later, unrevoked certificate of the same profile for the same names.
    private func isRenewed(_ certificate: CertificateRecord, store: Store) throws -> Bool {
        guard let memberID = certificate.memberID else { return false }
        return try store.certificates(forMember: memberID).contains {
            $0.id != certificate.id && $0.der != nil && $0.revokedAt == nil && $0.profile == certificate.profile
                && Set($0.subjectAltNames) == Set(certificate.subjectAltNames) && $0.notAfter > certificate.notAfter
        }
    }
}
