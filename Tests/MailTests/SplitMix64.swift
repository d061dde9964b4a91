/// A small seeded generator so that the damaged copies in the fuzz tests are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Seeded from a name with a hash that, unlike `hashValue`, is the same in every process.
    init(name: String) { self.init(seed: name.utf8.reduce(5381) { ($0 &* 33) &+ UInt64($1) }) }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
