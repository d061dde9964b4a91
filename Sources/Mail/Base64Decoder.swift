/// Base64 (RFC 2045 §6.8) decoding that, like mail readers, keeps going through whatever it meets.
///
/// RFC 2045 tells decoders to ignore characters outside the alphabet. Padding in the middle (two encoded
/// chunks glued together by a careless mailer) restarts the quantum instead of ending the data, and a final
/// incomplete quantum yields the bytes it holds whole. Nothing here can fail.
enum Base64Decoder {
    static func decode(_ input: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.underestimatedCount * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = table[Int(byte)]
            if value < 0 {
                if byte == UInt8(ascii: "=") {
                    buffer = 0
                    bits = 0
                }
                continue
            }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return output
    }

    private static let table: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = Int8(index)
        }
        return table
    }()
}
