/// A small DEFLATE compressor (RFC 1951): greedy LZ77 over a 32 KiB window with hash chains, coded
/// with the fixed Huffman table.
///
/// Vouch's own rather than zlib's so that a release's tarball depends on nothing but its inputs:
/// zlib's output may change between versions, which would break byte-for-byte reproducibility.
enum Deflate {
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        // One final block (BFINAL = 1) with fixed codes (BTYPE = 01).
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        var head = [Int](repeating: -1, count: 1 << hashBits)
        var previous = [Int](repeating: -1, count: windowSize)
        var position = 0
        func insert(_ at: Int) {
            guard at + 2 < input.count else { return }
            let hash = hashOf(input, at)
            previous[at & (windowSize - 1)] = head[hash]
            head[hash] = at
        }
        while position < input.count {
            var bestLength = 0
            var bestDistance = 0
            if position + 2 < input.count {
                var candidate = head[hashOf(input, position)]
                var chain = 0
                let limit = min(maximumMatch, input.count - position)
                while candidate >= 0, position - candidate <= windowSize - 262, chain < maximumChain {
                    var length = 0
                    while length < limit, input[candidate + length] == input[position + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = position - candidate
                        if length == limit { break }
                    }
                    let next = previous[candidate & (windowSize - 1)]
                    guard next < candidate else { break }
                    candidate = next
                    chain += 1
                }
            }
            if bestLength >= minimumMatch {
                writeLength(bestLength, to: &writer)
                writeDistance(bestDistance, to: &writer)
                for offset in 0..<bestLength { insert(position + offset) }
                position += bestLength
            } else {
                writeLiteral(Int(input[position]), to: &writer)
                insert(position)
                position += 1
            }
        }
        writeLiteral(256, to: &writer)  // end of block
        return writer.finish()
    }

    private static let windowSize = 32_768
    private static let hashBits = 15
    private static let minimumMatch = 3
    private static let maximumMatch = 258
    private static let maximumChain = 128

    private static func hashOf(_ input: [UInt8], _ at: Int) -> Int {
        let value = Int(input[at]) << 16 | Int(input[at + 1]) << 8 | Int(input[at + 2])
        return (value &* 2_654_435_761) >> (32 - hashBits) & ((1 << hashBits) - 1)
    }

    /// Fixed literal/length codes (RFC 1951 §3.2.6), written most significant bit first.
    private static func writeLiteral(_ symbol: Int, to writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeReversed(0x30 + symbol, bits: 8)
        case 144...255: writer.writeReversed(0x190 + symbol - 144, bits: 9)
        case 256...279: writer.writeReversed(symbol - 256, bits: 7)
        default: writer.writeReversed(0xC0 + symbol - 280, bits: 8)
        }
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12_289, 16_385, 24_577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    private static func writeLength(_ length: Int, to writer: inout BitWriter) {
        var code = lengthBase.count - 1
        while lengthBase[code] > length { code -= 1 }
        writeLiteral(257 + code, to: &writer)
        writer.write(length - lengthBase[code], bits: lengthExtra[code])
    }

    private static func writeDistance(_ distance: Int, to writer: inout BitWriter) {
        var code = distanceBase.count - 1
        while distanceBase[code] > distance { code -= 1 }
        writer.writeReversed(code, bits: 5)
        writer.write(distance - distanceBase[code], bits: distanceExtra[code])
    }
}

/// Packs bits least significant first, as DEFLATE streams are laid out.
private struct BitWriter {
    private var bytes: [UInt8] = []
    private var buffer = 0
    private var count = 0

    /// `value`'s low `bits` bits, least significant first (extra bits, block headers).
    mutating func write(_ value: Int, bits: Int) {
        guard bits > 0 else { return }
        buffer |= (value & ((1 << bits) - 1)) << count
        count += bits
        while count >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            count -= 8
        }
    }

    /// A Huffman code, which DEFLATE stores most significant bit first.
    mutating func writeReversed(_ code: Int, bits: Int) {
        var reversed = 0
        for bit in 0..<bits where code & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
        write(reversed, bits: bits)
    }

    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        count = 0
        return bytes
    }
}
