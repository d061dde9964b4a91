import ArgumentParser
import Authority
import Foundation

/// `vouch dns check DOMAIN [--json]`.
struct DNSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "What the CA's validating resolver sees.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The TXT challenge, the contact address, the CAA set and their DNSSEC state for a domain."
        )

        @OptionGroup var data: DataOptions

        @Argument(help: "The domain, as a member would write it.")
        var domain: String

        @Flag(help: "Print JSON (stable keys, for scripts).")
        var json = false

        func run() throws {
            let authority = try CertificateAuthority.open(data.directory, passphrase: nil)
            let report = try authority.dnsReport(domain: domain, now: Date())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text)
            }
        }
    }
}
