import Authority
import Foundation
import PKI
import Store

extension Doctor {
    /// Each CRL against the CRL job's own rule (`isCRLDue`: past half its validity, or a revocation
    /// not on it yet): a due CRL the job should already have re-signed is a warning; one past its
    /// nextUpdate, which relying parties reject with every certificate of that CA, needs action.
    /// CAcert's CRLs went stale unnoticed; this is the alarm.
    func crlFindings(_ authority: CertificateAuthority, now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let formatter = ISO8601DateFormatter()
        for purpose in CAPurpose.allCases {
            let name = CAName.issuing(purpose)
            var missing: [String] = []
            var expired: [(String, CRLShardState)] = []
            var due: [(String, CRLShardState)] = []
            for shard in try authority.crlShards(of: purpose) {
                let label = shard.map(String.init) ?? "unsharded"
                guard let state = try authority.signedCRL(name, shard: shard) else {
                    missing.append(label)
                    continue
                }
                if now >= state.nextUpdate {
                    expired.append((label, state))
                } else if try authority.isCRLDue(name, shard: shard, now: now) {
                    due.append((label, state))
                }
            }
            let run = "run `vouch jobs run crl` with the CA passphrase, and check the cron or timer that runs it"
            if !missing.isEmpty {
                findings.append(
                    Finding(
                        .action,
                        "crl",
                        "\(name) CRL shards \(Self.shardList(missing)) are missing or were never signed",
                        remedy: run
                    )
                )
            }
            if let oldest = expired.map(\.1).min(by: { $0.nextUpdate < $1.nextUpdate }) {
                findings.append(
                    Finding(
                        .action,
                        "crl",
                        "\(name) CRL shards \(Self.shardList(expired.map(\.0))) are past their nextUpdate (since \(formatter.string(from: oldest.nextUpdate))): relying parties reject this CA's certificates",
                        remedy: run
                    )
                )
            }
            if let oldest = due.map(\.1).min(by: { $0.nextUpdate < $1.nextUpdate }) {
                findings.append(
                    Finding(
                        .warning,
                        "crl",
                        "\(name) CRL shards \(Self.shardList(due.map(\.0))) are due for re-signing, past half their validity or missing a revocation (nextUpdate \(formatter.string(from: oldest.nextUpdate)))",
                        remedy: run
                    )
                )
            }
        }
        findings += try arlFindings(authority, now: now, formatter: formatter)
        return findings
    }

    /// The root's CA CRL is signed once a year with the offline key; when the CRL job counts it due
    /// (within 60 days of its nextUpdate) the key must come back.
    private func arlFindings(
        _ authority: CertificateAuthority,
        now: Date,
        formatter: ISO8601DateFormatter
    ) throws -> [Finding] {
        let remedy = "bring the root key back and run `vouch root sign-arl --root-key FILE`"
        guard let state = try authority.signedCRL(.root, shard: nil) else {
            return [Finding(.action, "crl", "the root's ARL was never signed", remedy: remedy)]
        }
        let until = formatter.string(from: state.nextUpdate)
        if now >= state.nextUpdate {
            return [Finding(.action, "crl", "the root's ARL is past its nextUpdate (\(until))", remedy: remedy)]
        }
        if try authority.isCRLDue(.root, shard: nil, now: now) {
            return [
                Finding(.warning, "crl", "the root's ARL is due for re-signing (nextUpdate \(until))", remedy: remedy)
            ]
        }
        return []
    }
}

extension Doctor {
    /// "0-15", "3", "0-2, 7, unsharded": runs of consecutive shard numbers joined, so that one line
    /// stays short when every shard of a CA is stale.
    static func shardList(_ labels: [String]) -> String {
        var parts: [String] = []
        var run: (first: Int, last: Int)?
        func close() {
            guard let current = run else { return }
            parts.append(current.first == current.last ? "\(current.first)" : "\(current.first)-\(current.last)")
            run = nil
        }
        for label in labels {
            guard let number = Int(label) else {
                close()
                parts.append(label)
                continue
            }
            if let current = run, number == current.last + 1 {
                run = (current.first, number)
            } else {
                close()
                run = (number, number)
            }
        }
        close()
        return parts.joined(separator: ", ")
    }
}
