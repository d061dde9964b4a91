import ArgumentParser
import Authority
import Doctor
import Foundation

/// `vouch doctor [--json]`: exit 0 all well, 1 warnings, 2 something needs action.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the CA's health: configuration, file modes, keys, CRLs, jobs, audit chain, expiry, disk.",
        discussion: "Exits 0 when all is well, 1 on warnings, 2 when something needs action."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The passphrase file the jobs use, whose mode is checked too.")
    var passphraseFile: String?

    @Flag(help: "Print the findings as JSON, for monitoring.")
    var json = false

    @Option(help: .hidden)
    var now: String?

    func run() throws {
        // `--now` examines the data directory as of another time, as `vouch jobs run --now` does.
        var moment = Date()
        if let now {
            guard let parsed = ISO8601DateFormatter().date(from: now) else {
                throw AuthorityError(.refused, "--now must be an ISO 8601 time such as 2026-12-01T12:00:00Z")
            }
            moment = parsed
        }
        let doctor = Doctor(directory: data.directory, passphraseFile: passphraseFile.map { URL(fileURLWithPath: $0) })
        let diagnosis = doctor.examine(now: moment)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(diagnosis.report), as: UTF8.self))
        } else {
            for finding in diagnosis.findings { print(finding.line) }
            if diagnosis.exitStatus == 0 { print("ok: nothing to do") }
        }
        if diagnosis.exitStatus != 0 { throw ExitCode(diagnosis.exitStatus) }
    }
}
