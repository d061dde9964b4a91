import ArgumentParser
import Authority
import Foundation
import PKI

/// `vouch cert issue|revoke|show|list`: the operator's issuance and revocation, over the Authority.
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Certificates: issue, revoke, show, list.",
        subcommands: [Issue.self, Revoke.self, Show.self, List.self]
    )

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a certificate for a member from a CSR file, under every rule the robot applies."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var passphrase: PassphraseOptions

        @Option(help: "Any of the member's addresses.")
        var member: String

        @Option(help: "smime, smime-individual, tls or codesign (default: from the names in the CSR).")
        var profile: String?

        @Argument(help: "The CSR, PEM or DER.")
        var file: String

        func run() throws {
            let authority = try CertificateAuthority.open(
                data.directory,
                passphrase: try passphrase.resolve(),
                actor: "operator"
            )
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw AuthorityError(.io, "cannot read \(file)")
            }
            let csr: CertificateSigningRequest
            do {
                csr = try CertificateSigningRequest(bytes: Array(bytes))
            } catch let error as PKIError {
                throw AuthorityError(.refused, "\(file): \(error.reason)")
            }
            var chosen: CertificateProfile?
            if let profile {
                guard let parsed = CertificateProfile(name: profile), !parsed.isCA else {
                    throw AuthorityError(.refused, "--profile must be smime, smime-individual, tls or codesign")
                }
                chosen = parsed
            }
            guard let owner = try authority.store.member(byEmail: member.lowercased()) else {
                throw AuthorityError(.unknownMember, "no member has the address \(member)")
            }
            let now = Date()
            let plan = try authority.planIssuance(memberID: owner.id, csr: csr, profile: chosen, now: now)
            let issued = try authority.issue(plan, requestID: nil, now: now)
            print(
                "issued \(issued.record.profile) \(issued.record.serialHex) to \(owner.primaryEmail): \(issued.file.path)"
            )
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a certificate; the next CRL run lists it.")

        @OptionGroup var data: DataOptions

        @Argument(help: "The serial number (hexadecimal).")
        var serial: String

        @Option(
            help:
                "keyCompromise, superseded, cessationOfOperation, affiliationChanged or privilegeWithdrawn (default: none stated)"
        )
        var reason: String?

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            var stated: RevocationReason?
            if let reason {
                guard let parsed = RevocationReason(name: reason), parsed != .caCompromise else {
                    throw AuthorityError(
                        .refused,
                        "--reason must be keyCompromise, superseded, cessationOfOperation, affiliationChanged or privilegeWithdrawn"
                    )
                }
                stated = parsed
            }
            let record = try authority.revoke(serialHex: serial, reason: stated)
            print(
                "revoked \(record.serialHex)\(stated.map { " (\($0.name))" } ?? ""); run `vouch jobs run crl` to publish"
            )
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What the registry knows of one certificate.")

        @OptionGroup var data: DataOptions

        @Argument(help: "The serial number (hexadecimal).")
        var serial: String

        @Flag(help: "Print JSON (stable keys, for scripts).")
        var json = false

        func run() throws {
            let report = try CertificateAuthority.open(data.directory, passphrase: nil).certificateReport(
                serialHex: serial
            )
            if json {
                print(try CertCommand.json(report))
            } else {
                let fields: [(String, String?)] = [
                    ("serial", report.serial), ("issuer", report.issuer), ("profile", report.profile),
                    ("member", report.member), ("subject", report.subject),
                    ("names", report.names.joined(separator: ", ")),
                    ("valid", "\(report.notBefore) to \(report.notAfter)"), ("status", report.status),
                    ("revoked", report.revoked.map { "\($0) (\(report.reason ?? "no reason stated"))" }),
                    ("CRL", report.crlURL), ("lint", report.lint), ("request", report.request.map(String.init)),
                ]
                for (name, value) in fields {
                    if let value { print("\(name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(value)") }
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Certificates, all or a member's, or those expiring soon."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "Only this member's (any of their addresses).")
        var member: String?

        @Option(help: "Only unrevoked certificates expiring within this many days.")
        var expiring: Int?

        @Flag(help: "Print JSON (stable keys, for scripts).")
        var json = false

        func run() throws {
            if let expiring, expiring < 0 { throw AuthorityError(.refused, "--expiring takes a number of days") }
            let reports = try CertificateAuthority.open(data.directory, passphrase: nil).certificateReports(
                memberEmail: member,
                expiringDays: expiring
            )
            if json {
                print(try CertCommand.json(reports))
            } else {
                for report in reports { print(report.line) }
            }
        }
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
