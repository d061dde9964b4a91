import Foundation

/// A POSIX ustar archive written for reproducibility: entries sorted by path, every mtime the
/// release time, owner and group 0 without names, modes 0644 and 0755 (what `tar --sort=name
/// --mtime=@EPOCH --owner=0 --group=0 --numeric-owner` gives).
struct Tar {
    /// Files by path relative to the archive root; parent directories are added.
    var files: [String: [UInt8]]
    var modificationTime: Date

    func archive() throws -> [UInt8] {
        var directories = Set<String>()
        for path in files.keys {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                directories.insert(parts.joined(separator: "/") + "/")
                parts = parts.dropLast()
            }
        }
        let entries = (directories.map { ($0, nil as [UInt8]?) } + files.map { ($0.key, $0.value as [UInt8]?) })
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var output: [UInt8] = []
        for (path, content) in entries {
            output += try header(path: path, size: content?.count ?? 0, isDirectory: content == nil)
            if let content {
                output += content
                output += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
            }
        }
        output += [UInt8](repeating: 0, count: 1024)  // two zero blocks end the archive
        // Padded to a whole record of 20 blocks, as GNU tar writes.
        output += [UInt8](repeating: 0, count: (10_240 - output.count % 10_240) % 10_240)
        return output
    }

    private func header(path: String, size: Int, isDirectory: Bool) throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        let (prefix, name) = try split(path)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(isDirectory ? 0o755 : 0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)  // uid
        octal(0, at: 116, width: 8)  // gid
        octal(size, at: 124, width: 12)
        octal(Int(modificationTime.timeIntervalSince1970.rounded(.down)), at: 136, width: 12)
        put("        ", at: 148, width: 8)  // checksum field counts as spaces while summing
        block[156] = isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        octal(0, at: 329, width: 8)  // devmajor
        octal(0, at: 337, width: 8)  // devminor
        put(prefix, at: 345, width: 155)
        let checksum = block.reduce(0) { $0 + Int($1) }
        let digits = String(checksum, radix: 8)
        put(String(repeating: "0", count: 6 - digits.count) + digits, at: 148, width: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// ustar keeps names of up to 100 bytes, with up to 155 more in the prefix field.
    private func split(_ path: String) throws -> (prefix: String, name: String) {
        guard path.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw BundleError(.archive, "tar entry '\(path)' is not printable ASCII")
        }
        if path.utf8.count <= 100 { return ("", path) }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else {
            throw BundleError(.archive, "tar entry '\(path)' is too long")
        }
        let prefix = String(trimmed[..<slash])
        let name = String(path[path.index(after: slash)...])
        guard prefix.utf8.count <= 155, name.utf8.count <= 100 else {
            throw BundleError(.archive, "tar entry '\(path)' is too long")
        }
        return (prefix, name)
    }
}
