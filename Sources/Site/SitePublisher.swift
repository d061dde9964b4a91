import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Publishes a new version of the site all at once. Nothing is written into the served folder:
/// the first change of a build clones it into a staging folder beside it (hard links, so the clone
/// costs no file contents), changes go into the clone, and `publish()` swaps the two folders with
/// one `renameat2(RENAME_EXCHANGE)`. A reader sees the old site or the new one, never a mix; a build
/// killed midway leaves only a staging folder, which the next build removes.
final class SitePublisher: @unchecked Sendable {
    // @unchecked: `staging` and `createdDirectories` are only touched under `lock`; writes of
    // different files may run on several threads (RenderPool).
    let output: URL
    private var stagingFolder: URL?
    private var createdDirectories: Set<String> = []
    private let lock = NSLock()

    var staging: URL? { lock.withLock { stagingFolder } }

    init(output: URL) throws {
        self.output = output.standardizedFileURL
        try removeStaleStaging()
    }

    /// Folders a killed build left beside the output.
    private var stagingPrefix: String { ".\(output.lastPathComponent).staging-" }

    private func removeStaleStaging() throws {
        let parent = output.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(stagingPrefix) || name.hasPrefix(".\(output.lastPathComponent).old-") {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// The staging folder, made on first use as a hard-link clone of the published site.
    private func stage() throws -> URL {
        try lock.withLock { try stageLocked() }
    }

    private func stageLocked() throws -> URL {
        if let stagingFolder { return stagingFolder }
        let parent = output.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let folder = parent.appendingPathComponent(stagingPrefix + UUID().uuidString)
        guard mkdir(folder.path, 0o755) == 0 else {
            throw SiteError(.output, "cannot create \(folder.path): \(String(cString: strerror(errno)))")
        }
        if FileManager.default.fileExists(atPath: output.path) {
            try Self.cloneTree(from: output.path, to: folder.path)
        }
        stagingFolder = folder
        return folder
    }

    /// Whether the build changed anything so far.
    var hasChanges: Bool { staging != nil }

    /// Writes `bytes` at `path` (relative) in the staging folder. A cloned file is unlinked first,
    /// so the published copy it shares an inode with is never touched.
    func write(_ bytes: [UInt8], to path: String) throws {
        let folder = try stage()
        let target = folder.appendingPathComponent(path)
        let directory = target.deletingLastPathComponent().path
        try lock.withLock {
            if !createdDirectories.contains(directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                createdDirectories.insert(directory)
            }
        }
        unlink(target.path)
        let descriptor = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SiteError(.output, "cannot create \(target.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                guard result > 0 else {
                    throw SiteError(.output, "cannot write \(target.path): \(String(cString: strerror(errno)))")
                }
                written += result
            }
        }
    }

    /// Removes `path` (a file or a folder) from the next version of the site.
    func remove(_ path: String) throws {
        let target = try stage().appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        try FileManager.default.removeItem(at: target)
    }

    /// Makes the staged site the published one in one step, then deletes the old version.
    func publish() throws {
        guard let staging else { return }
        try Self.flush(staging.path)
        let parent = output.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: output.path) {
            guard rename(staging.path, output.path) == 0 else {
                throw SiteError(
                    .output,
                    "cannot move \(staging.path) to \(output.path): \(String(cString: strerror(errno)))"
                )
            }
        } else if !Self.exchange(staging.path, output.path) {
            // Without renameat2 (not Linux): two renames, with a moment in which the site is missing.
            let old = parent.appendingPathComponent(".\(output.lastPathComponent).old-\(UUID().uuidString)")
            guard rename(output.path, old.path) == 0, rename(staging.path, output.path) == 0 else {
                throw SiteError(
                    .output,
                    "cannot swap \(staging.path) into \(output.path): \(String(cString: strerror(errno)))"
                )
            }
            try? FileManager.default.removeItem(at: old)
            lock.withLock { stagingFolder = nil }
            return
        }
        // `staging` now names the previous version.
        try? FileManager.default.removeItem(at: staging)
        lock.withLock { stagingFolder = nil }
    }

    /// Abandons the staged changes (a build that failed).
    func discard() {
        if let staging { try? FileManager.default.removeItem(at: staging) }
        lock.withLock { stagingFolder = nil }
    }

    // MARK: System calls that Swift's Glibc module does not declare

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) ->
        Int32
    private typealias SyncFS = @convention(c) (Int32) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }

    /// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`); false if unsupported.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        guard let renameat2 = symbol("renameat2", as: RenameAt2.self) else { return false }
        let exchangeFlag: UInt32 = 1 << 1  // RENAME_EXCHANGE
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, exchangeFlag) == 0
    }

    /// Puts the staged files on disk before they are published (one `syncfs`, not one fsync a file).
    private static func flush(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if let syncfs = symbol("syncfs", as: SyncFS.self) {
            _ = syncfs(descriptor)
        } else {
            sync()
        }
    }

    /// A copy of a folder tree whose files are hard links to the originals.
    private static func cloneTree(from source: String, to destination: String) throws {
        guard let directory = opendir(source) else {
            throw SiteError(.output, "cannot read \(source): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            // Read the name where it lies, up to its NUL: the kernel packs entries by their length,
            // so copying the whole 256-byte d_name field would read past the last one (AddressSanitizer
            // found exactly that).
            let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            let from = source + "/" + name
            let to = destination + "/" + name
            var kind = entry.pointee.d_type
            if kind == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(from, &info) == 0 else { continue }
                kind = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if kind == UInt8(DT_DIR) {
                guard mkdir(to, 0o755) == 0 else {
                    throw SiteError(.output, "cannot create \(to): \(String(cString: strerror(errno)))")
                }
                try cloneTree(from: from, to: to)
            } else if link(from, to) != 0 {
                throw SiteError(
                    .output,
                    "cannot link \(from) into the staging folder: \(String(cString: strerror(errno)))"
                )
            }
        }
    }
}
