import ArgumentParser
import Authority
import Foundation
import Jobs
import Policy

/// `vouch assurance record|revoke|list`: the operator's side of the web of trust, over the Authority.
struct AssuranceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assurance",
        abstract: "Assurances: record a TTP-assisted one, revoke one by an arbitration ruling, list them.",
        subcommands: [Record.self, Revoke.self, List.self]
    )

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an assurance from a paper form, under every rule the robot applies.",
            discussion: """
                With --ttp it is TTP-assisted: a notary or other trusted third party checked the documents \
                and the assurer (the TTP administrator) records it; the policy's TTP caps apply.
                """
        )

        @OptionGroup var data: DataOptions

        @Option(help: "The assurer's address (a member with assurer status).")
        var assurer: String

        @Option(help: "The assuree's address.")
        var assuree: String

        @Option(help: "The name exactly as on the identity document.")
        var name: String

        @Option(help: "The date of birth on the identity document, YYYY-MM-DD.")
        var dateOfBirth: String

        @Option(help: "The points awarded.")
        var points: Int

        @Option(help: "The day of the meeting (or of the TTP's check), YYYY-MM-DD.")
        var date: String

        @Option(help: "Where it took place.")
        var location: String

        @Option(help: "The documents seen (kinds, not numbers).")
        var documents: String

        @Flag(help: "The documents were checked by a trusted third party (TTP-assisted assurance).")
        var ttp = false

        @Flag(help: "The signed CAP (or TTP) form is held.")
        var capSigned = false

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            let recorded = try authority.recordAssurance(
                AssuranceReport(
                    assurerEmail: assurer,
                    assureeEmail: assuree,
                    statedName: name,
                    statedDateOfBirth: dateOfBirth,
                    points: points,
                    meetingDate: date,
                    location: location,
                    method: ttp ? .ttpAssisted : .faceToFace,
                    documents: documents,
                    capSigned: capSigned
                )
            )
            print(
                "recorded assurance \(recorded.assurance.id): \(recorded.assurance.points) points to \(recorded.assuree.primaryEmail) by \(recorded.assurer.primaryEmail)\(ttp ? " (TTP-assisted)" : ""); assurance points \(recorded.before.assurancePoints) -> \(recorded.after.assurancePoints)"
            )
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an assurance by an arbitration ruling.",
            discussion: """
                The assurance stays on record but counts 0 points. Points and experience are recomputed, \
                every certificate the assuree no longer qualifies for is revoked (privilegeWithdrawn), and \
                both people are mailed.
                """
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var passphrase: PassphraseOptions

        @Argument(help: "The assurance's id (see `vouch assurance list`).")
        var id: Int64

        @Option(help: "The ruling, as the arbitrator wrote it (it goes to both people and the audit log).")
        var reason: String

        func run() throws {
            let authority = try CertificateAuthority.open(
                data.directory,
                passphrase: try passphrase.resolveIfGiven(),
                actor: "arbitration"
            )
            let ruling = try AssuranceRulings.revoke(id: id, reason: reason, context: JobContext(authority: authority))
            print(
                "revoked assurance \(id) (\(ruling.assurer.primaryEmail) -> \(ruling.assuree.primaryEmail)); assurance points of \(ruling.assuree.primaryEmail) \(ruling.before.assurancePoints) -> \(ruling.after.assurancePoints)"
            )
            for certificate in ruling.revoked {
                print("revoked certificate \(certificate.serialHex) (\(certificate.profile)): privilegeWithdrawn")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List assurances, all or one member's.")

        @OptionGroup var data: DataOptions

        @Option(help: "Only assurances this member received or gave (any of their addresses).")
        var member: String?

        @Flag(help: "Print JSON (stable keys, for scripts).")
        var json = false

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            let listing = try authority.assuranceListing(member: member)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(listing), as: UTF8.self))
                return
            }
            for line in listing {
                print(
                    "\(line.id)  \(line.meetingDate)  \(line.assurer) -> \(line.assuree)  \(line.points) points  \(line.method)"
                        + (line.revoked.map { "  REVOKED \($0): \(line.revocationReason ?? "")" } ?? "")
                )
            }
        }
    }
}
