import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Maildir (tmp/ new/ cur/), the mailbox format that needs no locks: the inbox the MTA or `vouch deliver`
/// writes to, and the outbox of the Maildir transport.
///
/// The protocol is D. J. Bernstein's (cr.yp.to/proto/maildir.html): a message is written under a unique name
/// in tmp/, flushed to disk, then linked into new/, so a reader never sees a partial message and a crash
/// leaves at worst a stray file in tmp/. A processed message is renamed into cur/ with the "seen" flag; it is
/// never deleted here.
package struct Maildir: Sendable, Hashable {
    package let url: URL

    package init(url: URL) { self.url = url }

    package var tmp: URL { url.appendingPathComponent("tmp", isDirectory: true) }
    package var new: URL { url.appendingPathComponent("new", isDirectory: true) }
    package var cur: URL { url.appendingPathComponent("cur", isDirectory: true) }

    /// Creates tmp/, new/ and cur/ (mode 0700: mail is private) if they are missing.
    package func createLayout() throws {
        for directory in [url, tmp, new, cur] {
            do {
                try FileManager.default.createDirectory(
                    at: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw MailError(
                    code: "maildir",
                    reason: "Cannot create the Maildir folder \(directory.path): \(error.localizedDescription)"
                )
            }
        }
    }

    /// Stores `bytes` as a new message, as a local delivery agent does, and returns its path in new/.
    ///
    /// The name is `seconds.MmicrosecondsPpidRrandom.host`, unique without locks; the file is created with
    /// O_EXCL (never overwriting), written, fsync'ed, hard-linked into new/ (renamed where the file system has
    /// no hard links) and new/ itself is fsync'ed, so a message reported delivered survives a crash.
    @discardableResult
    package func deliver(_ bytes: [UInt8]) throws -> URL {
        try deliver(bytes, names: (0..<5).map { _ in Self.uniqueName() })
    }

    /// Stores `bytes` under a name chosen by the caller, once: if a message of that name is already in
    /// new/ or cur/ nothing is written and its path is returned. How a job that may be killed and run
    /// again hands over each queued mail exactly once.
    @discardableResult
    package func deliver(_ bytes: [UInt8], uniqueName name: String) throws -> URL {
        guard !name.isEmpty, !name.contains("/"), !name.contains(":"), !name.hasPrefix(".") else {
            throw MailError(code: "maildir", reason: "\(name) cannot be a Maildir file name")
        }
        try createLayout()
        let delivered = new.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: delivered.path) { return delivered }
        let seen = cur.appendingPathComponent(name + ":2,S")
        if FileManager.default.fileExists(atPath: seen.path) { return seen }
        // A writer killed after creating the file in tmp/ and before linking it leaves it behind; it was
        // never delivered, and this name is only ever written by this one caller.
        unlink(tmp.appendingPathComponent(name).path)
        return try deliver(bytes, names: [name])
    }

    private func deliver(_ bytes: [UInt8], names: [String]) throws -> URL {
        try createLayout()
        for name in names {
            let temporary = tmp.appendingPathComponent(name)
            let final = new.appendingPathComponent(name)
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                throw failure("create \(temporary.path)")
            }
            do {
                try writeAll(bytes, to: descriptor, path: temporary.path)
                guard fsync(descriptor) == 0 else { throw failure("flush \(temporary.path)") }
                guard close(descriptor) == 0 else { throw failure("close \(temporary.path)") }
            } catch {
                close(descriptor)
                unlink(temporary.path)
                throw error
            }
            if link(temporary.path, final.path) == 0 {
                unlink(temporary.path)
            } else if errno == EEXIST {
                unlink(temporary.path)
                continue
            } else if rename(temporary.path, final.path) != 0 {
                let error = failure("move \(temporary.path) into new/")
                unlink(temporary.path)
                throw error
            }
            syncDirectory(new)
            return final
        }
        throw MailError(code: "maildir", reason: "Could not find an unused file name in \(tmp.path).")
    }

    /// Deletes a message: outgoing mail the transport has taken holds probe tokens and should not linger.
    package func remove(_ message: URL) throws {
        guard unlink(message.path) == 0 || errno == ENOENT else { throw failure("remove \(message.path)") }
    }

    /// Deletes messages in cur/ last changed before `cutoff`; returns how many.
    @discardableResult
    package func pruneProcessed(before cutoff: Date) throws -> Int {
        var removed = 0
        for file in try files(in: cur) where file.date < cutoff {
            try remove(file.url)
            removed += 1
        }
        return removed
    }

    /// Moves a message that cannot be processed out of the way into `folder` (created 0700), so it no
    /// longer blocks the messages after it; returns its new path.
    @discardableResult
    package func quarantine(_ message: URL, into folder: URL) throws -> URL {
        do {
            try FileManager.default.createDirectory(
                at: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw MailError(code: "maildir", reason: "Cannot create \(folder.path): \(error.localizedDescription)")
        }
        let target = folder.appendingPathComponent(message.lastPathComponent)
        guard rename(message.path, target.path) == 0 else { throw failure("move \(message.path) into quarantine") }
        return target
    }

    /// The messages waiting in new/, oldest first (by modification time, then name). A new/ that cannot be
    /// read is an error, never an empty inbox.
    package func pending() throws -> [URL] {
        try files(in: new).sorted {
            $0.date != $1.date ? $0.date < $1.date : $0.url.lastPathComponent < $1.url.lastPathComponent
        }.map(\.url)
    }

    private func files(in directory: URL) throws -> [(url: URL, date: Date)] {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        let entries: [URL]
        do {
            entries = try FileManager.default.contentsOfDirectory(
                at: directory,
                includingPropertiesForKeys: keys,
                options: [.skipsHiddenFiles]
            )
        } catch {
            throw MailError(code: "maildir", reason: "Cannot read \(directory.path): \(error.localizedDescription)")
        }
        return entries.compactMap { entry in
            // A file that vanished between listing and reading was taken by another reader.
            guard let values = try? entry.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else {
                return nil
            }
            return (entry, values.contentModificationDate ?? .distantPast)
        }
    }

    /// Moves a message from new/ into cur/ with the "seen" flag (`:2,S`) and returns its new path.
    ///
    /// Call it only once the message's request is committed: a message is never lost before it is processed.
    @discardableResult
    package func markProcessed(_ message: URL) throws -> URL {
        try markProcessed([message])
        return processedName(of: message)
    }

    /// Moves several messages into cur/ and makes the moves durable with one sync of the folder,
    /// instead of one per message; the same rule applies: only once their requests are committed.
    package func markProcessed(_ messages: [URL]) throws {
        for message in messages {
            let target = processedName(of: message)
            guard rename(message.path, target.path) == 0 else { throw failure("move \(message.path) into cur/") }
        }
        if !messages.isEmpty { syncDirectory(cur) }
    }

    /// Where a message goes once processed: cur/, its unique name, the "seen" flag.
    private func processedName(of message: URL) -> URL {
        let name = message.lastPathComponent
        let base = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
        return cur.appendingPathComponent(base + ":2,S")
    }

    /// The bytes of a message.
    package func read(_ message: URL) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: message))
        } catch {
            throw MailError(code: "maildir", reason: "Cannot read \(message.path): \(error.localizedDescription)")
        }
    }

    private static func uniqueName() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        let random = UInt64.random(in: .min ... .max)
        let hex = String(random, radix: 16)
        return "\(now.tv_sec).M\(now.tv_usec)P\(getpid())R\(hex).\(hostName())"
    }

    /// The host name with "/" and ":" escaped as the Maildir convention asks (they would break the name).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let escaped = name.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
        return escaped.isEmpty ? "localhost" : escaped
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("write \(path)")
                }
                offset += written
            }
        }
    }

    private func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private func failure(_ action: String) -> MailError {
        let message = String(cString: strerror(errno))
        return MailError(code: "maildir", reason: "Cannot \(action): \(message).")
    }
}
