/// A minimal DER encoder (X.690) for the extension values Vouch builds itself.
///
/// Every extension is encoded here, in code, from typed values: no OpenSSL configuration string
/// ever carries member-supplied text, so nothing a member sends can inject an extension.
enum DER {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func sequence(_ items: [[UInt8]]) -> [UInt8] { tlv(0x30, items.flatMap { $0 }) }

    static func boolean(_ value: Bool) -> [UInt8] { tlv(0x01, [value ? 0xFF : 0x00]) }

    static func integer(_ value: UInt64) -> [UInt8] { tlv(0x02, unsignedIntegerContent(bytesOf(value))) }

    /// A non-negative INTEGER from big-endian magnitude bytes.
    static func integer(magnitude: [UInt8]) -> [UInt8] { tlv(0x02, unsignedIntegerContent(magnitude)) }

    static func enumerated(_ value: UInt8) -> [UInt8] { tlv(0x0A, [value]) }

    static func octetString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }

    static func ia5String(_ text: String) -> [UInt8] { tlv(0x16, Array(text.utf8)) }

    /// A BIT STRING of named bits (bit 0 is the most significant bit of the first byte), with
    /// trailing zero bits removed as DER requires for named bit lists (X.690 §11.2.2).
    static func namedBits(_ bits: Set<Int>) -> [UInt8] {
        guard let highest = bits.max() else { return tlv(0x03, [0x00]) }
        var bytes = [UInt8](repeating: 0, count: highest / 8 + 1)
        for bit in bits { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        let unused = UInt8(7 - highest % 8)
        return tlv(0x03, [unused] + bytes)
    }

    static func objectIdentifier(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").map { UInt64($0)! }
        precondition(arcs.count >= 2 && arcs[0] <= 2, "malformed object identifier \(dotted)")
        var content = base128(arcs[0] * 40 + arcs[1])
        for arc in arcs.dropFirst(2) { content += base128(arc) }
        return tlv(0x06, content)
    }

    /// A context-specific tag `[number]`, constructed for EXPLICIT tags and CHOICE alternatives.
    static func context(_ number: UInt8, constructed: Bool, _ content: [UInt8]) -> [UInt8] {
        tlv(0x80 | (constructed ? 0x20 : 0) | number, content)
    }

    /// GeneralName alternatives (RFC 5280 §4.2.1.6), IMPLICIT tags.
    static func rfc822Name(_ address: String) -> [UInt8] { context(1, constructed: false, Array(address.utf8)) }
    static func dnsName(_ name: String) -> [UInt8] { context(2, constructed: false, Array(name.utf8)) }
    static func uniformResourceIdentifier(_ uri: String) -> [UInt8] {
        context(6, constructed: false, Array(uri.utf8))
    }

    private static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        let bytes = bytesOf(UInt64(count))
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    private static func bytesOf(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        return bytes
    }

    private static func unsignedIntegerContent(_ magnitude: [UInt8]) -> [UInt8] {
        var trimmed = Array(magnitude.drop { $0 == 0 })
        if trimmed.isEmpty { trimmed = [0] }
        return trimmed[0] & 0x80 != 0 ? [0] + trimmed : trimmed
    }

    private static func base128(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }
}
