import Foundation
import PKI
import Store

/// The outcome of signing one CRL.
package struct SignedCRL: Sendable {
    package let ca: CAName
    /// nil for a CA's single CRL (the root's ARL, or the CRL of certificates from before sharding).
    package let shard: Int?
    package let number: Int64
    package let entries: Int
    package let bytes: Int
    package let nextUpdate: Date
    package let file: URL
    package let url: String
}

/// The largest CRL file published: a relying party's fetch must stay cheap (Vouch's own bar).
package let maximumCRLBytes = 1_000_000

extension CertificateAuthority {
    /// The CRLs an issuing CA publishes: one per shard (every shard any of its certificates names,
    /// and at least the configured number), plus its single CRL while certificates from before
    /// sharding are unexpired.
    package func crlShards(of purpose: CAPurpose) throws -> [Int?] {
        let record = try record(.issuing(purpose))
        let count = max(configuration.crlShards, (try store.highestCRLShard(issuer: record.id) ?? -1) + 1)
        var shards: [Int?] = Array(0..<count)
        if try store.hasUnshardedCertificates(issuer: record.id) { shards.append(nil) }
        return shards
    }

    /// Signs the issuing CAs' CRLs: all of them, or with `onlyDue` those `isCRLDue` names. Each gets the
    /// CA's next CRL number (strictly increasing across its shards), is recorded in the audit chain and
    /// only then written atomically where its URL points.
    @discardableResult
    package func signCRLs(now: Date = Date(), onlyDue: Bool = false) throws -> [SignedCRL] {
        let now = now.wholeSeconds
        var due: [(CAName, Int?)] = []
        for purpose in CAPurpose.allCases {
            let name = CAName.issuing(purpose)
            for shard in try crlShards(of: purpose) where try !onlyDue || isCRLDue(name, shard: shard, now: now) {
                due.append((name, shard))
            }
        }
        // Shards are independent: each reads its own entries, takes the CA's next number (so numbers
        // still rise across shards) and is recorded and published on its own, so they are signed on
        // every core, each thread with its own key handle.
        let workers = ProcessInfo.processInfo.activeProcessorCount
        // The keys are decrypted side by side first; a key that does not open fails its shards below.
        _ = ParallelMap.run(Array(Set(due.map(\.0))), workers: workers) { name in try? issuer(name) }
        return try ParallelMap.run(due, workers: workers) { name, shard in
            Result {
                try signCRL(
                    name,
                    shard: shard,
                    by: try issuer(name),
                    now: now,
                    validityDays: configuration.crlValidityDays
                )
            }
        }
        .map { try $0.get() }
    }

    /// Signs the root's CA CRL (ARL) with the root's identity, which only the operator brings
    /// (`vouch root sign-arl`, or the ceremony while the new key is still in memory).
    @discardableResult
    package func signARL(by root: Issuer, now: Date = Date()) throws -> SignedCRL {
        try signCRL(.root, shard: nil, by: root, now: now.wholeSeconds, validityDays: configuration.arlValidityDays)
    }

    /// Whether a CRL needs a new signature: never signed or its file gone, a revocation in it since
    /// it was signed, or half its validity passed (so it is always re-signed well before nextUpdate:
    /// 3.5 days for 7, inside TLS BR §4.9.7's 4). The root's ARL: within 60 days of nextUpdate.
    package func isCRLDue(_ name: CAName, shard: Int?, now: Date) throws -> Bool {
        let record = try record(name)
        guard let state = try signedCRL(name, shard: shard) else { return true }
        let newest =
            name == .root
            ? try store.latestRevocation(issuer: record.id)
            : try store.latestRevocation(issuer: record.id, shard: shard)
        if let newest, newest >= state.thisUpdate {
            return true
        }
        if name == .root { return state.nextUpdate.timeIntervalSince(now) < 60 * 86_400 }
        return now.timeIntervalSince(state.thisUpdate) >= state.validity / 2
    }

    /// The recorded state of a CRL whose file is in place; nil when it was never signed or its file
    /// is gone.
    package func signedCRL(_ name: CAName, shard: Int?) throws -> CRLShardState? {
        let record = try record(name)
        let wanted = shard ?? CRLShardState.unsharded
        guard let state = try store.crlShards(issuer: record.id).first(where: { $0.shard == wanted }),
            FileManager.default.fileExists(atPath: crlFile(name, shard: shard).path)
        else { return nil }
        return state
    }

    /// Where a CRL is kept in the data directory (the site publishes the same relative paths).
    package func crlFile(_ name: CAName, shard: Int?) -> URL {
        shard.map { directory.crlFile(name.fileName, shard: $0) } ?? directory.crlFile(name.fileName)
    }

    /// The URL a CRL is published at, which its issuingDistributionPoint and its certificates' CDP name.
    package func crlURL(_ name: CAName, shard: Int?) -> String {
        shard.map { configuration.crlURL(name.fileName, shard: $0) } ?? configuration.crlURL(name.fileName)
    }

    private func signCRL(
        _ name: CAName,
        shard: Int?,
        by issuer: Issuer,
        now: Date,
        validityDays: Int
    ) throws
        -> SignedCRL
    {
        let coversCAs = name == .root
        let record = try record(name)
        var entries: [RevokedEntry] = []
        // A row that does not read back exactly stops the signing: a CRL listing a guessed serial or
        // dropping a reason would be worse than a late one.
        func entry(_ revoked: RevokedCertificate) throws {
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
            entries.append(RevokedEntry(serialNumber: serial, revokedAt: revoked.revokedAt, reason: reason))
        }
        if coversCAs {
            try store.forEachRevokedCertificate(issuer: record.id, entry)
        } else {
            try store.forEachRevokedCertificate(issuer: record.id, shard: shard, unexpiredAt: now, entry)
        }
        let number = try store.nextCRLNumber(issuer: record.id)
        let nextUpdate = now.addingTimeInterval(TimeInterval(validityDays) * 86_400)
        let url = crlURL(name, shard: shard)
        // Subscriber CRLs name their URL in a critical issuingDistributionPoint, byte for byte the CDP of
        // the certificates they cover; the root's ARL is a complete CRL without one, so path validation of
        // the root itself finds it in scope.
        let crl = try CertificateRevocationList.sign(
            CRLTemplate(
                number: UInt64(number),
                thisUpdate: now,
                nextUpdate: nextUpdate,
                entries: entries,
                distributionPoint: coversCAs ? nil : url,
                coversCACertificates: coversCAs
            ),
            by: issuer
        )
        let der = try crl.der
        guard der.count <= maximumCRLBytes else {
            throw AuthorityError(
                .refused,
                "the CRL \(url) would be \(der.count) bytes, over \(maximumCRLBytes); raise crl.shards so new certificates spread over more shards"
            )
        }
        // Audit first, then publish: a CRL anyone can fetch always has its row in the chain.
        try store.recordCRLShard(
            CRLShardState(
                issuerID: record.id,
                shard: shard ?? CRLShardState.unsharded,
                number: number,
                thisUpdate: now,
                nextUpdate: nextUpdate,
                entries: entries.count,
                sha256: Digest.sha256(der).hex
            ),
            caName: name.fileName
        )
        let file = crlFile(name, shard: shard)
        try AtomicFile.write(der, to: file)
        return SignedCRL(
            ca: name,
            shard: shard,
            number: number,
            entries: entries.count,
            bytes: der.count,
            nextUpdate: nextUpdate,
            file: file,
            url: url
        )
    }
}
