import DNS
import Foundation

extension CertificateAuthority {
    /// The CAA check every TLS issuance makes first (RFC 8659, TLS BR 3.2.2.8): for each name,
    /// climbs from it towards the root until a CAA RRset is found, and decides by this CA's
    /// `caa_identities`. Each check is recorded in the audit log (`caa.check`) whatever it decides.
    /// Throws `caa-forbids` naming every refused name with its reason: an `issue`/`issuewild` set
    /// that does not name this CA, an unknown critical tag, a lookup that failed or timed out, or a
    /// bogus answer (fail closed). Returns the evidence to record with the certificate.
    ///
    /// The offline demo (`[dns] mode = "offline-demo"`) looks nothing up and returns evidence that
    /// says "not checked: demo CA without DNS".
    package func checkCAA(dnsNames: [String], now: Date) throws -> CAAEvidence {
        let evidence = try evaluateCAA(dnsNames: dnsNames, now: now)
        try store.appendAudit(
            action: "caa.check",
            subject: "caa:\(dnsNames.joined(separator: ","))",
            details: [
                "result": evidence.checked ? (evidence.permitted ? "permitted" : "refused") : "not checked",
                "evidence": evidence.json,
            ]
        )
        let refusals = evidence.refusals
        guard refusals.isEmpty else {
            let reasons = refusals.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
            throw AuthorityError(.caaForbids, "CAA does not allow this CA to issue for \(reasons)")
        }
        return evidence
    }

    /// The same check without recording or throwing for refusals (for `vouch dns check`); throws
    /// only when no resolver can be made from `[dns]`.
    package func evaluateCAA(dnsNames: [String], now: Date) throws -> CAAEvidence {
        let identities = configuration.caaIdentities
        guard makesDNSLookups else {
            return CAAEvidence(
                checkedAt: now,
                checked: false,
                note: "not checked: demo CA without DNS",
                identities: identities,
                resolver: "none",
                names: []
            )
        }
        let session = try dnsSession()
        return CAAEvidence(
            checkedAt: now,
            checked: true,
            note: nil,
            identities: identities,
            resolver: session.resolverDescription,
            names: dnsNames.map { session.caa(for: $0, identities: identities) }
        )
    }
}

extension DNSSession {
    /// The CAA decision for one name; a lookup that fails or is bogus refuses it.
    func caa(for name: String, identities: [String]) -> CAANameEvidence {
        var lookups: [CAALookupEvidence] = []
        for candidate in CAARule.searchOrder(for: name) {
            let records: DNSRecords<CAARecord>
            do {
                records = try resolver.caa(candidate)
            } catch {
                let bogus = error.code == .bogus
                lookups.append(
                    CAALookupEvidence(
                        name: candidate,
                        dnssec: bogus ? "bogus" : "failed",
                        records: 0,
                        error: error.reason
                    )
                )
                return CAANameEvidence(
                    name: name,
                    permitted: false,
                    reason: "the CAA lookup of \(candidate) gave no usable answer: \(error.reason); "
                        + "no certificate can be issued until it does (TLS BR 3.2.2.8)",
                    relevantDomain: nil,
                    records: [],
                    lookups: lookups
                )
            }
            lookups.append(
                CAALookupEvidence(
                    name: candidate,
                    dnssec: records.dnssec.rawValue,
                    records: records.records.count,
                    error: nil
                )
            )
            if !records.records.isEmpty {
                let decision = CAARule.decide(
                    name: name,
                    relevantSet: records.records,
                    foundAt: candidate,
                    identities: identities
                )
                return CAANameEvidence(
                    name: name,
                    permitted: decision.permitted,
                    reason: decision.reason,
                    relevantDomain: candidate,
                    records: records.records.map(\.presentation),
                    lookups: lookups
                )
            }
        }
        let decision = CAARule.decide(name: name, relevantSet: [], foundAt: nil, identities: identities)
        return CAANameEvidence(
            name: name,
            permitted: decision.permitted,
            reason: decision.reason,
            relevantDomain: nil,
            records: [],
            lookups: lookups
        )
    }
}
