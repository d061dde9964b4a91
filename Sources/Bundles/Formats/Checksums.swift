import PKI

/// `SHA256SUMS` in the layout `sha256sum` writes and `sha256sum -c` reads: the hex digest, two
/// spaces (text mode), the path; sorted by path.
enum Checksums {
    static func render(_ files: [String: [UInt8]]) -> String {
        files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { path in
            "\(Digest.sha256(files[path]!).hex)  \(path)\n"
        }.joined()
    }
}
