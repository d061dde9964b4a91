import COpenSSL

/// SHA-256 for the registry's own digests (the audit chain, token and challenge hashes, certificate
/// fingerprints in audit rows), computed by OpenSSL: the one cryptographic library Vouch links, so
/// the chain is hashed by the same reviewed code that signs the certificates. The audit chain's
/// format is unchanged; a chain written by earlier versions verifies as it did.
package enum SHA256 {
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = input.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when OpenSSL cannot allocate or its SHA-256 is missing, which no
        // registry write may survive: a chain hashed with anything else would not verify.
        precondition(ok == 1 && length == 32, "OpenSSL's SHA-256 is unavailable")
        return output
    }

    package static func hexDigest(_ bytes: some Sequence<UInt8>) -> String { hex(hash(bytes)) }

    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
