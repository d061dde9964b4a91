import Foundation

extension Doctor {
    /// How long a message may wait in the outbox or quarantine before it counts as a backlog.
    static let backlogAge: TimeInterval = 86_400

    /// Mail the robot could not read (quarantine) and, with the sendmail transport, replies that
    /// stayed in the outbox for more than a day. With the maildir transport the outbox is where
    /// the MTA picks mail up, so only old messages there count.
    func mailFindings(now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let quarantined = try Self.files(in: directory.quarantine).filter { !$0.lastPathComponent.hasPrefix(".") }
        if !quarantined.isEmpty {
            findings.append(
                Finding(
                    .warning,
                    "mail",
                    "\(quarantined.count) message(s) in \(directory.quarantine.path) could not be read",
                    remedy: "read them, answer the senders if needed, then remove them"
                )
            )
        }
        let outbox = directory.outbox.appendingPathComponent("new")
        let stale = try Self.files(in: outbox).filter { file in
            let modified = try file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
            return modified.map { now.timeIntervalSince($0) > Self.backlogAge } ?? false
        }
        if !stale.isEmpty {
            findings.append(
                Finding(
                    .warning,
                    "mail",
                    "\(stale.count) message(s) have waited in \(outbox.path) for more than a day",
                    remedy: "check the outbound job and the MTA that picks the outbox up"
                )
            )
        }
        return findings
    }

    /// Free space where the database and the CRLs are written.
    func diskFindings() throws -> [Finding] {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: directory.url.path)
        guard let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value else {
            throw DoctorError("the file system of \(directory.url.path) reports no free space")
        }
        let megabytes = free >> 20
        if free < freeSpaceWarning / 10 {
            return [
                Finding(
                    .action,
                    "disk",
                    "only \(megabytes) MiB free on the file system of \(directory.url.path)",
                    remedy: "free space now: the database and CRLs cannot be written without it"
                )
            ]
        }
        if free < freeSpaceWarning {
            return [
                Finding(
                    .warning,
                    "disk",
                    "only \(megabytes) MiB free on the file system of \(directory.url.path)",
                    remedy: "free some space"
                )
            ]
        }
        return []
    }
}
