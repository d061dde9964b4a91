import ArgumentParser
import Authority
import Foundation

/// `vouch member show EMAIL [--json]`, `vouch member consent EMAIL`.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Members of the CA.",
        subcommands: [Show.self, Consent.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Points, assurances, addresses, domains, certificates and privileges of a member."
        )

        @OptionGroup var data: DataOptions

        @Argument(help: "Any of the member's email addresses.")
        var email: String

        @Flag(help: "Print JSON (stable keys, for scripts).")
        var json = false

        func run() throws {
            let report = try CertificateAuthority.open(data.directory, passphrase: nil).memberReport(email: email)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text)
            }
        }
    }

    struct Consent: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a parent's or guardian's consent for a member under 18.",
            discussion: "Keep the signed consent form; the registry records that it was given and when."
        )

        @OptionGroup var data: DataOptions

        @Argument(help: "Any of the member's addresses.")
        var email: String

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil, actor: "operator")
            let member = try authority.recordParentalConsent(email: email)
            print("recorded parental consent for \(member.primaryEmail) (member #\(member.id))")
        }
    }
}
