import PKI

/// OpenSSL's `-CApath` layout (`c_rehash`, `openssl rehash`): one PEM file per anchor named by its
/// subject hash and a counter for collisions; and Android's system store, named by the old
/// (pre-OpenSSL 1.0) subject hash, each file the PEM followed by its text dump and SHA-1 line.
enum HashedDirectory {
    /// Paths relative to `directory` and their contents.
    static func openSSL(_ anchors: [TrustSet.Entry], directory: String) throws -> [String: [UInt8]] {
        try named(anchors, directory: directory, hash: \.subjectHash) { Array(try $0.pem.utf8) }
    }

    static func android(_ anchors: [TrustSet.Entry], directory: String) throws -> [String: [UInt8]] {
        try named(anchors, directory: directory, hash: \.subjectHashOld) { certificate in
            let fingerprint = "SHA1 Fingerprint=\(try certificate.sha1Fingerprint.colonHex)\n"
            return Array((try certificate.pem + certificate.text + fingerprint).utf8)
        }
    }

    private static func named(
        _ anchors: [TrustSet.Entry],
        directory: String,
        hash: KeyPath<Certificate, UInt32>,
        content: (Certificate) throws -> [UInt8]
    ) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var used: [UInt32: Int] = [:]
        for entry in anchors {
            let value = entry.certificate[keyPath: hash]
            let counter = used[value, default: 0]
            used[value] = counter + 1
            let name = String(repeating: "0", count: 8 - String(value, radix: 16).count) + String(value, radix: 16)
            files["\(directory)/\(name).\(counter)"] = try content(entry.certificate)
        }
        return files
    }
}
