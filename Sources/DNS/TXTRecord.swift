/// A TXT record (RFC 1035 §3.3.14): one or more character-strings of at most 255 octets each.
package struct TXTRecord: Sendable, Hashable {
    package let strings: [[UInt8]]

    package init(strings: [[UInt8]]) { self.strings = strings }

    /// Parses the wire-form rdata.
    package init(rdata: [UInt8]) throws(DNSError) {
        var strings: [[UInt8]] = []
        var index = 0
        while index < rdata.count {
            let length = Int(rdata[index])
            guard index + 1 + length <= rdata.count else {
                throw DNSError(.malformed, "a TXT record is cut short (a string claims \(length) octets)")
            }
            strings.append(Array(rdata[(index + 1)..<(index + 1 + length)]))
            index += 1 + length
        }
        self.strings = strings
    }

    /// The record's value: its strings joined, as a publisher who split a long value meant it.
    package var bytes: [UInt8] { strings.flatMap { $0 } }

    /// The value as text; bytes that are not UTF-8 become U+FFFD.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The record as a zone file writes it, for operators and members.
    package var presentation: String {
        strings.map { string in
            var quoted = "\""
            for byte in string {
                switch byte {
                case 0x22, 0x5C: quoted += "\\" + String(UnicodeScalar(byte))
                case 0x20...0x7E: quoted += String(UnicodeScalar(byte))
                default: quoted += "\\" + String(repeating: "0", count: 3 - String(byte).count) + String(byte)
                }
            }
            return quoted + "\""
        }.joined(separator: " ")
    }
}
