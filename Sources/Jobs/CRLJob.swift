import Authority
import Foundation
import PKI

/// Re-signs the CRL shards that are due: after any revocation in a shard, and when half its
/// validity has passed (3.5 days of 7), well inside TLS BR §4.9.7 (a new CRL within 24 hours of a
/// revocation, and every 4 days without OCSP). The root's CA CRL (ARL) is never signed here: the
/// root key is offline. Within 60 days of the ARL's nextUpdate the job says so on every run, so the
/// operator brings the key back in time for `vouch root sign-arl`.
package struct CRLJob: Job {
    package let name = "crl"
    package let schedule = "after a revocation, and at half a CRL's validity"

    package init() {}

    package func isDue(lastSuccess: Date?, context: JobContext) throws -> Bool {
        let authority = context.authority
        for purpose in CAPurpose.allCases {
            for shard in try authority.crlShards(of: purpose)
            where try authority.isCRLDue(.issuing(purpose), shard: shard, now: context.now) {
                return true
            }
        }
        return false
    }

    package func run(_ context: JobContext) throws -> String {
        try context.requireRealClock(name)
        let signed = try context.authority.signCRLs(now: context.now, onlyDue: true)
        for crl in signed {
            context.say("signed \(crl.url) #\(crl.number) (\(crl.entries) entries, \(crl.bytes) bytes)")
        }
        // Every run leaves a signed checkpoint of the audit chain's head for anyone to keep.
        if let checkpoint = try context.authority.publishAuditCheckpoint(now: context.now) {
            context.say("audit checkpoint \(checkpoint.lastPathComponent)")
        }
        var rootNote = ""
        if try context.authority.isCRLDue(.root, shard: nil, now: context.now) {
            rootNote =
                "; the root's ARL is due (it expires within 60 days or misses a revocation): bring the root key back and run `vouch root sign-arl`"
            context.say(String(rootNote.dropFirst(2)))
        }
        let byCA = Dictionary(grouping: signed, by: \.ca.fileName).sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value.count) (last #\($0.value.map(\.number).max() ?? 0))" }
        return (signed.isEmpty ? "no CRL due" : "signed CRLs: \(byCA.joined(separator: ", "))") + rootNote
    }
}
