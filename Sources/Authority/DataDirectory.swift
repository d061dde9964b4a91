import Foundation

/// The layout of a CA's data directory (DESIGN.md "State: the data directory").
///
/// ```
/// config.toml   vouch.sqlite   lock
/// keys/         private keys, encrypted PKCS#8; directory 0700, files 0600
/// ca/           the root and issuing CA certificates (PEM)
/// crl/          the latest signed CRLs (DER)
/// certificates/ every issued certificate, SERIAL.pem
/// root-offline/ where `init` leaves the root key for the operator to take offline (not read by jobs)
/// ```
package struct DataDirectory: Sendable, Hashable {
    package let url: URL

    package init(_ url: URL) { self.url = url.standardizedFileURL }

    /// `--data`, else `$VOUCH_DATA`, else `var/`.
    package static func resolve(_ explicit: String?) -> DataDirectory {
        let path = explicit ?? ProcessInfo.processInfo.environment["VOUCH_DATA"] ?? "var"
        return DataDirectory(URL(fileURLWithPath: path))
    }

    package var configuration: URL { url.appendingPathComponent("config.toml") }
    package var database: URL { url.appendingPathComponent("vouch.sqlite") }
    package var keys: URL { url.appendingPathComponent("keys") }
    package var caCertificates: URL { url.appendingPathComponent("ca") }
    package var crls: URL { url.appendingPathComponent("crl") }
    package var issuedCertificates: URL { url.appendingPathComponent("certificates") }
    package var lockFile: URL { url.appendingPathComponent("lock") }
    /// Mail to the robot, as any MTA delivers it (Maildir).
    package var inbox: URL { url.appendingPathComponent("mail/inbox") }
    /// Mail from the robot, written before it is sent (Maildir).
    package var outbox: URL { url.appendingPathComponent("mail/outbox") }
    /// Inbox files intake could not read, moved aside so they do not block the rest.
    package var quarantine: URL { url.appendingPathComponent("mail/quarantine") }

    /// Signed audit checkpoints (the chain's head, signed), published beside the CRLs.
    package var auditCheckpoints: URL { url.appendingPathComponent("audit") }

    /// Where `init` writes the root key unless told otherwise: outside `keys/`, to be moved offline.
    package var offlineRootKeyFile: URL { url.appendingPathComponent("root-offline/root.key.pem") }

    package func keyFile(_ name: String) -> URL { keys.appendingPathComponent("\(name).key.pem") }
    package func caCertificateFile(_ name: String) -> URL { caCertificates.appendingPathComponent("\(name).pem") }
    package func crlFile(_ name: String) -> URL { crls.appendingPathComponent("\(name).crl") }
    /// One shard of an issuing CA's CRL, at the path its URL names.
    package func crlFile(_ name: String, shard: Int) -> URL {
        crls.appendingPathComponent(name).appendingPathComponent("\(shard).crl")
    }
    package func issuedCertificateFile(serialHex: String) -> URL {
        issuedCertificates.appendingPathComponent("\(serialHex).pem")
    }

    package var isInitialised: Bool { FileManager.default.fileExists(atPath: configuration.path) }

    /// Creates the directories with their modes; `keys/` is 0700 whatever the umask.
    package func createLayout() throws {
        let manager = FileManager.default
        for directory in [url, caCertificates, crls, issuedCertificates] {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try manager.createDirectory(at: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: keys.path)
    }
}

/// Writes files so that a reader never sees half of one: a temporary file in the same directory,
/// flushed, given its mode, then renamed over the target.
package enum AtomicFile {
    package static func write(_ bytes: [UInt8], to target: URL, mode: Int = 0o644) throws {
        let directory = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        // Create with the final mode from the start, so a secret is never briefly world-readable.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            throw AuthorityError(.io, "cannot create \(temporary.path): \(String(cString: strerror(errno)))")
        }
        var written = 0
        let failed: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result <= 0 { return true }
                written += result
            }
            return false
        }
        let synced = fsync(descriptor) == 0
        fchmod(descriptor, mode_t(mode))
        close(descriptor)
        guard !failed, synced else {
            unlink(temporary.path)
            throw AuthorityError(.io, "cannot write \(target.path)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            unlink(temporary.path)
            throw AuthorityError(.io, "cannot rename into \(target.path): \(String(cString: strerror(errno)))")
        }
    }

    package static func write(_ text: String, to target: URL, mode: Int = 0o644) throws {
        try write(Array(text.utf8), to: target, mode: mode)
    }
}
