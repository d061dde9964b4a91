import COpenSSL

/// Message digests over bytes, by OpenSSL.
package enum Digest {
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha256()) }
    package static func sha1(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha1()) }
    /// Only for fingerprints that formats still list beside SHA-256 (certifi, NSS certdata.txt).
    package static func md5(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_md5()) }

    private static func digest(_ bytes: [UInt8], _ md: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, md, nil)
        }
        // A digest of memory cannot fail short of memory exhaustion; nothing sensible remains to do then.
        precondition(ok == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, no separators.
    package var hex: String { String(decoding: flatMap { hexDigits(of: $0, from: lowerDigits) }, as: UTF8.self) }

    /// Upper-case hex pairs joined by colons, as fingerprints are shown to people.
    package var colonHex: String {
        map { String(decoding: hexDigits(of: $0, from: upperDigits), as: UTF8.self) }.joined(separator: ":")
    }
}

private let lowerDigits = Array("0123456789abcdef".utf8)
private let upperDigits = Array("0123456789ABCDEF".utf8)

private func hexDigits(of byte: UInt8, from digits: [UInt8]) -> [UInt8] {
    [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
}
