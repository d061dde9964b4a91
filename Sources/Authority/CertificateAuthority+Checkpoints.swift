import Foundation
import PKI
import Store

/// A signed statement of the audit chain's head: its sequence number and hash at a time. Anyone who
/// kept one can later show that the registry's history was rewritten or cut off after it, which the
/// chain alone cannot show (it only proves each row follows the one before).
package struct AuditCheckpoint: Codable, Sendable, Hashable {
    package var ca: String
    package var seq: Int64
    package var hash: String
    package var time: String
}

extension CertificateAuthority {
    /// Writes a checkpoint of the current head to `audit/checkpoint-SEQ.json` with a detached CMS
    /// signature beside it (`.json.p7s`, by the S/MIME issuing CA's key) and as `latest.json`, unless
    /// the head has not moved since the last one. Returns the file, or nil when nothing was written.
    @discardableResult
    package func publishAuditCheckpoint(now: Date = Date()) throws -> URL? {
        guard let head = try store.latestAuditEntry() else { return nil }
        let latest = directory.auditCheckpoints.appendingPathComponent("latest.json")
        if let data = FileManager.default.contents(atPath: latest.path),
            let previous = try? JSONDecoder().decode(AuditCheckpoint.self, from: data),
            try !store.hasAuditEvents(after: previous.seq)
        {
            // Nothing happened since but job runs and the row recording that checkpoint.
            return nil
        }
        let checkpoint = AuditCheckpoint(
            ca: configuration.name,
            seq: head.seq,
            hash: head.hash,
            time: ISO8601DateFormatter().string(from: now)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let json = Array(try encoder.encode(checkpoint)) + [0x0A]
        let signer = try issuer(.issuing(.smime))
        guard let certificate = signer.certificate else {
            throw AuthorityError(.invalidConfiguration, "the S/MIME issuing CA has no certificate")
        }
        let signature = try DetachedSignature.sign(
            json,
            certificate: certificate,
            key: signer.privateKey,
            chain: [try self.certificate(.root)],
            signingTime: now
        )
        let file = directory.auditCheckpoints.appendingPathComponent("checkpoint-\(head.seq).json")
        try AtomicFile.write(json, to: file)
        try AtomicFile.write(signature, to: URL(fileURLWithPath: file.path + ".p7s"))
        try AtomicFile.write(signature, to: URL(fileURLWithPath: latest.path + ".p7s"))
        try AtomicFile.write(json, to: latest)
        try store.appendAudit(
            action: "audit.checkpoint",
            subject: "audit:\(head.seq)",
            details: ["hash": head.hash, "sha256": Digest.sha256(json).hex]
        )
        return file
    }

    /// Checks the registry against a checkpoint kept elsewhere: its signature (when the `.p7s` is
    /// beside it) is this CA's, and the chain still holds the row it names with the hash it names.
    package func verifyAuditCheckpoint(_ file: URL) throws -> AuditCheckpoint {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AuthorityError(.io, "cannot read \(file.path)")
        }
        let checkpoint: AuditCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: data)
        } catch {
            throw AuthorityError(.refused, "\(file.path) is not an audit checkpoint")
        }
        if let signature = FileManager.default.contents(atPath: file.path + ".p7s") {
            do {
                _ = try DetachedSignature.verify(
                    Array(signature),
                    content: Array(data),
                    roots: [try certificate(.root)],
                    intermediates: [try certificate(.issuing(.smime))]
                )
            } catch let error as PKIError {
                throw AuthorityError(.refused, "the checkpoint's signature is not this CA's: \(error.reason)")
            }
        }
        guard let entry = try store.auditEntry(seq: checkpoint.seq) else {
            throw AuthorityError(
                .refused,
                "the audit chain no longer reaches row \(checkpoint.seq) of the checkpoint: rows were cut off its end"
            )
        }
        guard entry.hash == checkpoint.hash else {
            throw AuthorityError(
                .refused,
                "row \(checkpoint.seq) of the audit chain is not the one the checkpoint signed: its history was rewritten"
            )
        }
        return checkpoint
    }
}
