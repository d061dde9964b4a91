import Authority
import Failure
import Foundation
import Jobs
import Store

/// The health checks behind `vouch doctor`: they change nothing (opening the database migrates it
/// and keeps it 0600, as every command does) and have no clock of their own (`now` is passed in), so
/// tests can move time. Each check adds findings only for what is wrong or worth knowing.
package struct Doctor: Sendable {
    package let directory: DataDirectory
    /// The passphrase file the operator names, whose mode is checked like a key's.
    package let passphraseFile: URL?
    /// Below this much free space on the data directory's file system, a warning; below a tenth, action.
    package var freeSpaceWarning: Int64 = 1 << 30

    package init(directory: DataDirectory, passphraseFile: URL? = nil) {
        self.directory = directory
        self.passphraseFile = passphraseFile
    }

    /// Runs every check in order of importance. A configuration that does not parse stops the
    /// checks that need it; the file modes are checked regardless.
    package func examine(now: Date) -> Diagnosis {
        // Modes first: opening the store tightens the database's own mode, which would hide it.
        var findings = fileModeFindings()
        let opened = openAuthority(&findings)
        guard let authority = opened else { return Diagnosis(findings) }
        let checks: [(String, (CertificateAuthority) throws -> [Finding])] = [
            ("keys", { try keyFindings($0) }),
            ("crl", { try crlFindings($0, now: now) }),
            ("jobs", { try jobFindings($0, now: now) }),
            ("audit", { try auditFindings($0) }),
            ("ca-expiry", { try expiryFindings($0, now: now) }),
            ("requests", { try requestFindings($0, now: now) }),
            ("mail", { _ in try mailFindings(now: now) }),
            ("disk", { _ in try diskFindings() }),
        ]
        for (name, check) in checks {
            do {
                findings += try check(authority)
            } catch {
                findings.append(
                    Finding(
                        .action,
                        name,
                        "the check could not run: \(failureReason(error))",
                        remedy: "repair what it names"
                    )
                )
            }
        }
        return Diagnosis(findings)
    }

    private func openAuthority(_ findings: inout [Finding]) -> CertificateAuthority? {
        guard directory.isInitialised else {
            findings.append(
                Finding(
                    .action,
                    "configuration",
                    "\(directory.configuration.path) does not exist",
                    remedy: "run `vouch init`, or pass the right --data DIR"
                )
            )
            return nil
        }
        // Opening the store creates a missing database; an empty one would hide that the registry is gone.
        guard FileManager.default.fileExists(atPath: directory.database.path) else {
            findings.append(
                Finding(
                    .action,
                    "configuration",
                    "the database \(directory.database.path) does not exist",
                    remedy: "restore it from the backup (with keys/ and config.toml) before any job runs"
                )
            )
            return nil
        }
        do {
            return try CertificateAuthority.open(directory, passphrase: nil, actor: "doctor")
        } catch {
            findings.append(
                Finding(
                    .action,
                    "configuration",
                    "the data directory does not open: \(failureReason(error))",
                    remedy:
                        "fix \(directory.configuration.lastPathComponent) (or the database) and run `vouch doctor` again"
                )
            )
            return nil
        }
    }
}
