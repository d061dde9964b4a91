import Authority
import Foundation
import PKI
import Store

extension Doctor {
    /// Each CRL's age against its validity: past half of thisUpdate..nextUpdate the CRL job should
    /// already have re-signed it (a warning); past nextUpdate relying parties reject every
    /// certificate of that CA (action). CAcert's CRLs went stale unnoticed; this is the alarm.
    func crlFindings(_ authority: CertificateAuthority, now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let formatter = ISO8601DateFormatter()
        for purpose in CAPurpose.allCases {
            let name = CAName.issuing(purpose)
            let record = try authority.record(name)
            let states = try authority.store.crlShards(issuer: record.id)
            var missing: [String] = []
            var expired: [(String, CRLShardState)] = []
            var aging: [(String, CRLShardState)] = []
            for shard in try authority.crlShards(of: purpose) {
                let label = shard.map(String.init) ?? "unsharded"
                guard let state = states.first(where: { $0.shard == (shard ?? -1) }),
                    FileManager.default.fileExists(atPath: authority.crlFile(name, shard: shard).path)
                else {
                    missing.append(label)
                    continue
                }
                if now >= state.nextUpdate {
                    expired.append((label, state))
                } else if now.timeIntervalSince(state.thisUpdate) >= state.validity / 2 {
                    aging.append((label, state))
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
            if let oldest = aging.map(\.1).min(by: { $0.nextUpdate < $1.nextUpdate }) {
                findings.append(
                    Finding(
                        .warning,
                        "crl",
                        "\(name) CRL shards \(Self.shardList(aging.map(\.0))) are past half their validity (nextUpdate \(formatter.string(from: oldest.nextUpdate)))",
                        remedy: run
                    )
                )
            }
        }
        findings += try arlFindings(authority, now: now, formatter: formatter)
        return findings
    }

    /// The root's CA CRL is signed once a year with the offline key; within 60 days of its
    /// nextUpdate the key must come back (the same margin the CRL job announces).
    private func arlFindings(
        _ authority: CertificateAuthority,
        now: Date,
        formatter: ISO8601DateFormatter
    ) throws -> [Finding] {
        let record = try authority.record(.root)
        let remedy = "bring the root key back and run `vouch root sign-arl --root-key FILE`"
        guard let state = try authority.store.crlShards(issuer: record.id).first(where: { $0.shard == -1 }) else {
            return [Finding(.action, "crl", "the root's ARL was never signed", remedy: remedy)]
        }
        let until = formatter.string(from: state.nextUpdate)
        if now >= state.nextUpdate {
            return [Finding(.action, "crl", "the root's ARL is past its nextUpdate (\(until))", remedy: remedy)]
        }
        if state.nextUpdate.timeIntervalSince(now) < 60 * 86_400 {
            return [Finding(.warning, "crl", "the root's ARL expires within 60 days (\(until))", remedy: remedy)]
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

extension CRLShardState {
    var validity: TimeInterval { nextUpdate.timeIntervalSince(thisUpdate) }
}
