import Failure
import Foundation

extension Doctor {
    /// Secrets and the registry must be readable by their owner only (DESIGN.md "State: the data
    /// directory": keys/ 0700, key files 0600): the database holds members' identities and the
    /// key files are one passphrase away from the CA.
    func fileModeFindings() -> [Finding] {
        var secrets: [(URL, String)] = []
        var findings: [Finding] = []
        secrets.append((directory.keys, "the keys directory"))
        do {
            for file in try Self.files(in: directory.keys) { secrets.append((file, "the CA key file")) }
            for file in try Self.files(in: directory.offlineRootKeyFile.deletingLastPathComponent()) {
                secrets.append((file, "the root key file"))
            }
        } catch {
            findings.append(
                Finding(
                    .action,
                    "modes",
                    "\(failureReason(error))",
                    remedy: "give the vouch user back its data directory"
                )
            )
        }
        if let passphraseFile { secrets.append((passphraseFile, "the passphrase file")) }
        let database = directory.database.path
        for path in [database, database + "-wal", database + "-shm"] {
            secrets.append((URL(fileURLWithPath: path), "the database"))
        }
        for (file, what) in secrets {
            var status = stat()
            guard lstat(file.path, &status) == 0 else {
                if what == "the passphrase file" {
                    findings.append(
                        Finding(
                            .action,
                            "file-mode",
                            "\(what) \(file.path) does not exist",
                            remedy: "check --passphrase-file"
                        )
                    )
                }
                continue
            }
            let mode = Int(status.st_mode) & 0o777
            guard mode & 0o077 != 0 else { continue }
            let isDirectory = (Int(status.st_mode) & Int(S_IFMT)) == Int(S_IFDIR)
            let wanted = isDirectory ? "0700" : "0600"
            findings.append(
                Finding(
                    .action,
                    "file-mode",
                    "\(what) \(file.path) has mode \(String(format: "%04o", mode)): group or others can read it",
                    remedy: what == "the database"
                        ? "every vouch command (this one included) makes it 0600 on opening; find out what widened it"
                        : "run `chmod \(wanted) \(file.path)`"
                )
            )
        }
        return findings
    }

    /// A folder's files, sorted; a folder not made yet has none. One that exists but cannot be
    /// listed is an error, never an empty folder: a check must not pass over what it cannot see.
    static func files(in folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
                folder.appendingPathComponent($0)
            }
        } catch {
            throw DoctorError("cannot list \(folder.path): \(error.localizedDescription)")
        }
    }
}
