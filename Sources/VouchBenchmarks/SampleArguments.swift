import BenchmarkSeed
import Foundation
import GRDB
import Store

/// Realistic arguments for each named query, drawn from the seeded registry through the Store's own
/// read methods (a member in the middle of the id range, their certificates, assurances, requests…),
/// so every point query finds a row, as it does when a job or page runs it.
struct SampleArguments {
    /// Keyed by `NamedQuery.name`. A query missing here is timed with NULL arguments and flagged.
    let byQueryName: [String: [DatabaseValue]]

    /// Thrown when the registry lacks a row the samples need, i.e. it was not seeded by the benchmark.
    struct MissingRow: Error, CustomStringConvertible {
        let description: String
    }

    /// Ends a cursor walk early once the row that was looked for has been seen.
    private struct Found: Error {}

    static func draw(from store: Store, summary: BenchmarkSeedSummary) throws -> SampleArguments {
        func require<T>(_ value: T?, _ what: String) throws -> T {
            guard let value else { throw MissingRow(description: "the seeded registry has no \(what)") }
            return value
        }
        let smime = try require(store.issuingCAs(purpose: .smime).first, "S/MIME CA")
        let tls = try require(store.issuingCAs(purpose: .tls).first, "TLS CA")
        let codeSigning = try require(store.issuingCAs(purpose: .codeSigning).first, "code-signing CA")

        // A member from the middle of the id range with a domain, assurances and certificates.
        var candidate = Int64(summary.members / 2 / 10 * 10)
        var picked: (Member, Domain, Assurance, CertificateRecord)?
        while picked == nil, candidate <= Int64(summary.members) {
            if let member = try store.member(id: candidate),
                let domain = try store.domains(forMember: candidate).first,
                let assurance = try store.assurances(receivedBy: candidate).first,
                let certificate = try store.certificates(forMember: candidate).first
            {
                picked = (member, domain, assurance, certificate)
            }
            candidate += 10
        }
        let (member, domain, assurance, certificate) = try require(picked, "member with a domain and assurances")
        let challenge = try require(
            store.challengeAttempts(forMember: assurance.assurerID).first,
            "challenge attempt of an assurer"
        )

        var compromised: RevokedCertificate?
        do {
            try store.forEachRevokedCertificate(issuer: smime.id) { entry in
                guard entry.reason == "keyCompromise" else { return }
                compromised = entry
                throw Found()
            }
        } catch is Found {}
        let revoked = try require(compromised, "certificate revoked for key compromise")
        let compromisedCertificate = try require(
            store.certificate(issuer: smime.id, serialHex: revoked.serialHex),
            "certificate with serial \(revoked.serialHex)"
        )

        let request = try require(store.request(id: Int64(summary.members / 20 + 1)), "request")
        let probe = try require(store.probes(forRequest: request.id).first, "probe")
        let jobRun = try require(store.jobRun(id: 100), "job run")
        let audit = try require(store.latestAuditEntry(), "audit row")

        let values: [String: [any DatabaseValueConvertible]] = [
            "member(id:)": [member.id],
            "member(byEmail:)": [member.primaryEmail],
            "member(byStatusPageID:)": [member.statusPageID],
            "forEachMember(_:)": [],
            "email(_:)": [member.primaryEmail],
            "emails(forMember:)": [member.id],
            "domain(_:)": [domain.name],
            "domains(forMember:)": [member.id],
            "assurance(id:)": [assurance.id],
            "assurance(assurer:assuree:)": [assurance.assurerID, assurance.assureeID],
            "assurances(receivedBy:)": [member.id],
            "assurances(givenBy:)": [assurance.assurerID],
            "challengeAttempt(id:)": [challenge.id],
            "challengeAttempts(forMember:)": [assurance.assurerID],
            "issuingCA(id:)": [smime.id],
            "issuingCA(named:)": [smime.name],
            "issuingCAs(purpose:)": ["smime"],
            "issuingCAs()": [],
            "certificate(id:)": [certificate.id],
            "certificate(issuer:serialHex:)": [certificate.issuerID, certificate.serialHex],
            "certificates(forMember:)": [member.id],
            "certificates(withSPKI:)": [certificate.spkiSHA256],
            "isKeyCertified(spkiSHA256:forAnyoneBut:)": [certificate.spkiSHA256, certificate.memberID],
            // The TLS CA, a mid-sized issuer; the memory walk takes the largest one instead.
            "forEachCertificate(issuer:_:)": [tls.id],
            "forEachRevokedCertificate(issuer:_:)": [smime.id],
            "latestRevocation(issuer:)": [smime.id],
            "blockedKey(spkiSHA256:)": [compromisedCertificate.spkiSHA256],
            "request(id:)": [request.id],
            "request(messageRef:)": [request.messageRef],
            // The expiry sweep: requests still waiting that arrived before a given time.
            "forEachRequest(in:receivedBefore:_:)": ["waiting-confirmation", request.receivedAt],
            "probe(token:)": [probe.tokenSHA256],
            "probes(forRequest:)": [request.id],
            "probeCount(target:since:)": [probe.target, probe.createdAt.addingTimeInterval(-86_400)],
            "requestCount(sender:kind:since:before:)": [
                request.sender, request.receivedAt.addingTimeInterval(-86_400), request.kind.rawValue, request.id,
            ],
            "jobRun(id:)": [jobRun.id],
            "lastJobRun(job:)": ["crl"],
            "lastJobRun(job:succeeded:)": ["crl"],
            "currentCRLNumber(issuer:)": [codeSigning.id],
            "nextCRLNumber(issuer:)": [codeSigning.id],
            "latestAuditEntry()": [],
            "hasAuditEvents(after:)": [max(0, audit.seq - 1)],
            "forEachAuditEntry(_:)": [],
            "appendAudit: chain head": [],
            "verifyAuditChain(): walk": [],
            "verifyAuditChain(): row by hash": [audit.hash, audit.seq],
            "verifyAuditChain(): next row's link": [max(0, audit.seq - 1)],
            "verifyAuditChain(): next row": [max(0, audit.seq - 1)],
        ]
        return SampleArguments(byQueryName: values.mapValues { $0.map(\.databaseValue) })
    }
}
