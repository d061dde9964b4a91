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

        @Option(help: "A signed checkpoint kept elsewhere (audit/checkpoint-N.json): the chain must still hold it.")
        var checkpoint: String?

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            if let checkpoint {
                let found = try authority.verifyAuditCheckpoint(URL(fileURLWithPath: checkpoint))
                print("checkpoint holds: row \(found.seq) is \(found.hash), as signed at \(found.time)")
            }
            switch try authority.store.verifyAuditChain() {
            case .ok(let rows):
                // The head hash is what to note down elsewhere: the chain itself cannot show that rows
                // were cut off its end, but a head noted earlier that is no longer in it can.
                let head = try authority.store.latestAuditEntry()
                print("audit chain intact: \(rows) rows; head #\(head?.seq ?? 0) \(head?.hash ?? "none")")
            case .broken(let damage):
                throw AuthorityError(
                    .refused,
                    "audit chain broken at row \(damage.seq) (\(damage.kind)): \(damage.explanation)"
                )
            }
        }
    }
}
