import ArgumentParser
import Authority
import Failure
import Foundation

/// The operator's command line. Thin: every command parses, calls one module, and prints.

struct Vouch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Run a community certificate authority.",
        version: VersionReport.text,
        subcommands: [
            Initialise.self, Deliver.self, JobsCommand.self, SiteCommand.self, MemberCommand.self, AuditCommand.self,
            CertCommand.self, AssuranceCommand.self, RootCommand.self, KeysCommand.self, DNSCommand.self,
            BundlesCommand.self, CACommand.self, DoctorCommand.self,
            Demo.self,
        ]
    )

    /// Runs the command and turns any failure into one line on stderr and a non-zero exit.
    static func mainReportingErrors() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any VouchFailure {
            fail(error.reason)
        } catch  where !isArgumentParserError(error) && !(error is ExitCode) {
            fail("\(error)")
        } catch {
            exit(withError: error)
        }
    }

    private static func isArgumentParserError(_ error: Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func fail(_ reason: String) -> Never {
        fflush(nil)  // what was printed so far comes before the error line
        let line = reason.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("vouch: \(line)\n".utf8))
        Foundation.exit(1)
    }
}

/// Options every command takes.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data directory (default: $VOUCH_DATA, else var/).")
    var path: String?

    var directory: DataDirectory { DataDirectory.resolve(path) }
}

/// Where the passphrase of the CA keys comes from.
struct PassphraseOptions: ParsableArguments {
    @Option(help: "A file whose first line is the CA keys' passphrase (default: $VOUCH_PASSPHRASE).")
    var passphraseFile: String?

    func resolve() throws -> String { try Passphrase.resolve(file: passphraseFile) }

    /// The passphrase if one is given, for commands that sign only when they can; a passphrase file
    /// that cannot be read is still an error.
    func resolveIfGiven() throws -> String? { try Passphrase.resolveIfGiven(file: passphraseFile) }
}

/// Where the root key's own passphrase comes from (the ceremony and `vouch root …` only).
struct RootPassphraseOptions: ParsableArguments {
    @Option(help: "A file whose first line is the root key's passphrase (default: $VOUCH_ROOT_PASSPHRASE).")
    var rootPassphraseFile: String?

    func resolve() throws -> String {
        try Passphrase.resolve(file: rootPassphraseFile, variable: Passphrase.rootVariable)
    }
}
