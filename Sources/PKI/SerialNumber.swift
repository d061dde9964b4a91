import COpenSSL

/// A certificate serial number: positive, 17 bytes, 128 of its bits from the CSPRNG.
///
/// TLS BR §7.1 asks for at least 64 CSPRNG bits; Vouch uses 128 behind a non-zero prefix byte
/// below 0x80, so the DER INTEGER is always positive, exactly 17 bytes, and never needs a pad byte
/// (RFC 5280 §4.1.2.2 caps serials at 20 bytes).
package struct SerialNumber: Sendable, Hashable, CustomStringConvertible {
    /// Big-endian magnitude.
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses lower- or upper-case hex, with or without colons.
    package init?(hex: String) {
        let digits = Array(hex.lowercased().filter { $0 != ":" }.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// A fresh random serial.
    package static func random() throws -> SerialNumber {
        var random = [UInt8](repeating: 0, count: 17)
        guard RAND_bytes(&random, Int32(random.count)) == 1 else {
            throw PKIError.drainingOpenSSL(.randomness, "the CSPRNG failed")
        }
        // Prefix in 0x01...0x7F: positive, and the leading byte is never zero so the length is fixed.
        random[0] = random[0] % 0x7F + 1
        return SerialNumber(bytes: random)
    }

    /// Lower-case hex, as the registry and file names use it.
    package var hex: String { bytes.hex }

    package var description: String { bytes.colonHex }

    func makeASN1Integer() throws -> UnsafeMutablePointer<ASN1_INTEGER> {
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode a serial number")
        }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode a serial number")
        }
        return integer
    }

    init(borrowing integer: UnsafePointer<ASN1_INTEGER>) {
        let number = ASN1_INTEGER_to_BN(integer, nil)
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        BN_bn2bin(number, &bytes)
        self.bytes = bytes
    }
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    default: return nil
    }
}
