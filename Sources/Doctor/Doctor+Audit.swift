import Authority
import Store

extension Doctor {
    /// The hash-chained audit log, as `vouch audit verify` checks it.
    func auditFindings(_ authority: CertificateAuthority) throws -> [Finding] {
        switch try authority.store.verifyAuditChain() {
        case .ok:
            return []
        case .broken(let damage):
            return [
                Finding(
                    .action,
                    "audit",
                    "the audit chain is broken at row \(damage.seq) (\(damage.kind)): \(damage.explanation)",
                    remedy:
                        "stop the jobs, keep a copy of the database, and compare it with the last published audit checkpoint (`vouch audit verify --checkpoint FILE`)"
                )
            ]
        }
    }
}
