import PKI

/// A SHA-256 over a sequence of fields, each length-prefixed so that ("ab", "c") and ("a", "bc")
/// differ: the input hash that decides whether a page must be rendered again.
package struct ContentHasher: Sendable {
    private var buffer: [UInt8] = []

    package init() {}

    package mutating func add(_ bytes: [UInt8]) {
        var count = UInt64(bytes.count).bigEndian
        withUnsafeBytes(of: &count) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: bytes)
    }

    package mutating func add(_ text: String) { add(Array(text.utf8)) }

    package var hex: String { Digest.sha256(buffer).hex }
}
