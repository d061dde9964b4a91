import Authority
import Foundation
import PKI

/// Re-signs the CRLs. The issuing CAs' CRLs are re-signed on every run that is due: after any
/// revocation, and at least every three days, well inside their 7-day nextUpdate (TLS BR §4.9.7
/// asks for a new CRL within 24 hours of a revocation and every 4 days without OCSP). The root's
/// CA CRL (ARL) is never signed here: the root key is offline. Within 60 days of the ARL's
/// nextUpdate the job says so on every run, so the operator brings the key back in time for
/// `vouch root sign-arl`.
package struct CRLJob: Job {
    package let name = "crl"
    package let schedule = "after any revocation, and every 3 days"

    package init() {}

    package func isDue(lastSuccess: Date?, context: JobContext) throws -> Bool {
        try CAPurpose.allCases.contains { try needsResigning(.issuing($0), context: context, maximumAge: 3 * 86_400) }
    }

    package func run(_ context: JobContext) throws -> String {
        try context.requireRealClock(name)
        let signed = try context.authority.signCRLs(now: context.now)
        for crl in signed { context.say("signed CRL \(crl.ca) #\(crl.number) (\(crl.entries) entries)") }
        var rootNote = ""
        if try needsResigning(.root, context: context, maximumAge: nil) {
            rootNote =
                "; the root's ARL is due (it expires within 60 days or misses a revocation): bring the root key back and run `vouch root sign-arl`"
            context.say(String(rootNote.dropFirst(2)))
        }
        return "signed \(signed.map { "\($0.ca) #\($0.number)" }.joined(separator: ", "))\(rootNote)"
    }

    /// A CRL needs a new signature when it is missing, older than `maximumAge`, within 60 days of its
    /// nextUpdate, or older than the newest revocation it should list.
    private func needsResigning(_ ca: CAName, context: JobContext, maximumAge: TimeInterval?) throws -> Bool {
        let file = context.authority.directory.crlFile(ca.fileName)
        guard let data = FileManager.default.contents(atPath: file.path),
            let crl = try? CertificateRevocationList(der: Array(data))
        else { return true }
        if let maximumAge, context.now.timeIntervalSince(crl.thisUpdate) >= maximumAge { return true }
        if let nextUpdate = crl.nextUpdate, nextUpdate.timeIntervalSince(context.now) < 60 * 86_400,
            maximumAge == nil
        {
            return true
        }
        let record = try context.authority.record(ca)
        let newest = try context.authority.store.latestRevocation(issuer: record.id)
        return newest.map { $0 >= crl.thisUpdate } ?? false
    }
}
