import COpenSSL

/// What trust-store formats name a certificate by: hashes of its subject, its fingerprints, the DER
/// of its names and serial, and the purposes it serves.
extension Certificate {
    /// OpenSSL's `X509_subject_name_hash`: the file name stem (`HASH.0`) of a `-CApath` directory.
    package var subjectHash: UInt32 { UInt32(truncatingIfNeeded: X509_subject_name_hash(pointer)) }

    /// OpenSSL's pre-1.0 `X509_subject_name_hash_old` (MD5 of the DER subject), as Android names
    /// the files of its system certificate store.
    package var subjectHashOld: UInt32 { UInt32(truncatingIfNeeded: X509_subject_name_hash_old(pointer)) }

    /// MD5 of the DER: only to be shown beside SHA-256, as certifi and NSS still list it.
    package var md5Fingerprint: [UInt8] { get throws { Digest.md5(try der) } }

    /// The DER of the subject name (NSS `CKA_SUBJECT`).
    package var subjectDER: [UInt8] { get throws { try nameDER(X509_get_subject_name(pointer), "subject") } }

    /// The DER of the issuer name (NSS `CKA_ISSUER`).
    package var issuerDER: [UInt8] { get throws { try nameDER(X509_get_issuer_name(pointer), "issuer") } }

    /// The serial number as a DER INTEGER, tag and length included (NSS `CKA_SERIAL_NUMBER`).
    package var serialNumberDER: [UInt8] { DER.integer(magnitude: serialNumber.bytes) }

    /// The extendedKeyUsage purposes, dotted; empty when the extension is absent (any purpose).
    package var extendedKeyUsages: [String] {
        guard let usages = X509_get_ext_d2i(pointer, NID_ext_key_usage, nil, nil) else {
            _ = drainOpenSSLErrors()
            return []
        }
        let stack = OpaquePointer(usages)
        defer { EXTENDED_KEY_USAGE_free(stack) }
        return (0..<vouch_sk_ASN1_OBJECT_num(stack)).map { objectText(vouch_sk_ASN1_OBJECT_value(stack, $0)) }
    }

    private func nameDER(_ name: OpaquePointer?, _ what: String) throws -> [UInt8] {
        var bytes: UnsafePointer<UInt8>?
        var length = 0
        guard let name, X509_NAME_get0_der(name, &bytes, &length) == 1, let bytes else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode the \(what) name")
        }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}

extension PublicKey {
    /// The SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`), as p11-kit names the
    /// certificate an attached extension belongs to.
    package var pem: String {
        get throws {
            String(decoding: try MemoryBIO.collect("public key") { PEM_write_bio_PUBKEY($0, pointer) }, as: UTF8.self)
        }
    }
}

extension SerialNumber {
    /// The serial in decimal, as certifi's `# Serial:` lines show it.
    package var decimal: String {
        var magnitude = bytes.drop { $0 == 0 }.map { $0 }
        guard !magnitude.isEmpty else { return "0" }
        var digits: [UInt8] = []
        // Repeated division by 10 of the big-endian magnitude, one byte at a time.
        while !magnitude.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in magnitude {
                let value = remainder << 8 | Int(byte)
                let digit = value / 10
                remainder = value % 10
                if !quotient.isEmpty || digit != 0 { quotient.append(UInt8(digit)) }
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
            magnitude = quotient
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
