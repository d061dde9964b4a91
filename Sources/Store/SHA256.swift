import PKI

/// SHA-256 for the registry's own digests (the audit chain, token and challenge hashes, certificate
/// fingerprints in audit rows): PKI's, so OpenSSL is the one cryptographic library Vouch links and
/// only the PKI module holds its C calls. The audit chain's format is unchanged; a chain written by
/// earlier versions verifies as it did.
package enum SHA256 {
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] { Digest.sha256(Array(bytes)) }

    package static func hexDigest(_ bytes: some Sequence<UInt8>) -> String { hash(bytes).hex }

    package static func hex(_ bytes: [UInt8]) -> String { bytes.hex }
}
