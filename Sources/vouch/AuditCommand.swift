import ArgumentParser
import Authority
import Foundation
import Store

/// `vouch audit verify`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The hash-chained audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every row of the audit chain.")

        @OptionGroup var data: DataOptions

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            switch try authority.store.verifyAuditChain() {
            case .ok(let rows):
                print("audit chain intact: \(rows) rows")
            case .broken(let damage):
                throw AuthorityError(
                    .refused,
                    "audit chain broken at row \(damage.seq) (\(damage.kind)): \(damage.explanation)"
                )
            }
        }
    }
}
