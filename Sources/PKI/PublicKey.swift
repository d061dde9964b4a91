import COpenSSL
import Synchronization

/// A public key (an OpenSSL `EVP_PKEY`, owned), as found in a CSR or certificate.
package final class PublicKey: @unchecked Sendable {
    // @unchecked: the key is never mutated after construction; OpenSSL key objects are safe to share read-only.
    let pointer: OpaquePointer
    /// The DER SubjectPublicKeyInfo once encoded: OpenSSL 3 encodes a key through its provider
    /// machinery, which costs more than the rest of a certificate's assembly, and issuance needs it
    /// for the fingerprint, the registry and the key identifier.
    private let encoded = Mutex<[UInt8]?>(nil)

    /// Takes ownership of one reference to `pointer`.
    init(taking pointer: OpaquePointer) { self.pointer = pointer }

    /// Reads a DER SubjectPublicKeyInfo.
    package convenience init(subjectPublicKeyInfo der: [UInt8]) throws {
        guard let key = decodeDER(der, { cursor, count in d2i_PUBKEY(nil, cursor, count) }) else {
            throw PKIError.drainingOpenSSL(.malformedKey, "not a DER SubjectPublicKeyInfo")
        }
        self.init(taking: key)
    }

    /// Reads a PEM public key (BEGIN PUBLIC KEY).
    package convenience init(pem: String) throws {
        let bio = try MemoryBIO(bytes: Array(pem.utf8))
        guard let key = PEM_read_bio_PUBKEY(bio.pointer, nil, nil, nil) else {
            throw PKIError.drainingOpenSSL(.malformedKey, "not a PEM public key")
        }
        self.init(taking: key)
    }

    deinit { EVP_PKEY_free(pointer) }

    /// The DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
    package var subjectPublicKeyInfo: [UInt8] {
        get throws {
            if let der = encoded.withLock({ $0 }) { return der }
            let der = try encodeDER("public key") { i2d_PUBKEY(pointer, $0) }
            encoded.withLock { $0 = der }
            return der
        }
    }

    /// SHA-256 of the SubjectPublicKeyInfo: the key's identity in the registry and the blocklist.
    package var fingerprint: [UInt8] {
        get throws { Digest.sha256(try subjectPublicKeyInfo) }
    }

    /// What the key is, if Vouch knows it: RSA of a supported size or a supported named curve.
    package var spec: KeySpec? {
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_RSA:
            return KeySpec.allCases.first { $0.rsaBits == UInt32(EVP_PKEY_get_bits(pointer)) }
        case EVP_PKEY_EC:
            let curve = curveName
            return KeySpec.allCases.first { $0.curveName != nil && $0.curveName == curve }
        default:
            return nil
        }
    }

    /// A short description for messages: "RSA 2048", "EC P-384", "ED25519".
    package var algorithmDescription: String {
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_RSA: return "RSA \(EVP_PKEY_get_bits(pointer))"
        case EVP_PKEY_EC: return "EC \(curveName ?? "unnamed curve")"
        default:
            guard let name = EVP_PKEY_get0_type_name(pointer) else { return "unknown key type" }
            return String(cString: name)
        }
    }

    var isRSA: Bool { EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA }

    /// The named group of an EC key, as OpenSSL spells it ("P-256"), or nil.
    var curveName: String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pointer, OSSL_PKEY_PARAM_GROUP_NAME, &buffer, buffer.count, &length) == 1
        else {
            _ = drainOpenSSLErrors()
            return nil
        }
        let name = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // OpenSSL reports NIST curves by their SECG names.
        switch name {
        case "prime256v1", "P-256": return "P-256"
        case "secp384r1", "P-384": return "P-384"
        default: return name
        }
    }

    /// The digest a signature by this key uses: SHA-384 for P-384, SHA-256 otherwise (TLS BR §7.1.3.2).
    var signatureDigest: OpaquePointer? {
        curveName == "P-384" ? EVP_sha384() : EVP_sha256()
    }

    /// The SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 method 1.
    /// Read from the encoded SubjectPublicKeyInfo by hand: decoding it again through OpenSSL would
    /// build a whole key object only to hand back bytes already in hand.
    var keyIdentifier: [UInt8] {
        get throws {
            guard let bits = SubjectPublicKeyBits.of(try subjectPublicKeyInfo) else {
                throw PKIError(.encoding, "could not read the public key bits")
            }
            return Digest.sha1(Array(bits))
        }
    }
}

/// The subjectPublicKey BIT STRING of a DER SubjectPublicKeyInfo:
/// `SEQUENCE { SEQUENCE algorithm, BIT STRING subjectPublicKey }` (RFC 5280 §4.1).
enum SubjectPublicKeyBits {
    /// The key's bits without the BIT STRING's unused-bits octet, or nil if `spki` is not of that shape.
    static func of(_ spki: [UInt8]) -> ArraySlice<UInt8>? {
        guard let outer = element(spki, at: 0), outer.tag == 0x30, outer.end == spki.count,
            let algorithm = element(spki, at: outer.contents), algorithm.tag == 0x30,
            let key = element(spki, at: algorithm.end), key.tag == 0x03, key.end == outer.end,
            key.end > key.contents, spki[key.contents] == 0
        else { return nil }
        return spki[(key.contents + 1)..<key.end]
    }

    /// One DER element at `offset`: its tag, where its contents start and where it ends.
    private static func element(_ der: [UInt8], at offset: Int) -> (tag: UInt8, contents: Int, end: Int)? {
        guard offset + 2 <= der.count else { return nil }
        let tag = der[offset]
        var length = Int(der[offset + 1])
        var contents = offset + 2
        if length & 0x80 != 0 {
            let octets = length & 0x7F
            guard (1...3).contains(octets), contents + octets <= der.count else { return nil }
            length = der[contents..<(contents + octets)].reduce(0) { $0 << 8 | Int($1) }
            contents += octets
        }
        guard contents + length <= der.count else { return nil }
        return (tag, contents, contents + length)
    }
}
