import COpenSSL

/// An OpenSSL `BIGNUM`, owned: just the arithmetic the key-quality checks need.
final class BigNumber {
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { BN_free(pointer) }

    /// A copy of a `BIGNUM` that OpenSSL owns.
    convenience init(copying other: OpaquePointer) throws {
        guard let copy = BN_dup(other) else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        self.init(taking: copy)
    }

    convenience init(_ word: UInt = 0) throws {
        guard let number = BN_new() else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        self.init(taking: number)
        BN_set_word(number, word)
    }

    var bitCount: Int { Int(BN_num_bits(pointer)) }

    func remainder(_ word: UInt) -> UInt { UInt(BN_mod_word(pointer, word)) }

    static func == (left: BigNumber, right: BigNumber) -> Bool { BN_cmp(left.pointer, right.pointer) == 0 }
    static func < (left: BigNumber, right: BigNumber) -> Bool { BN_cmp(left.pointer, right.pointer) < 0 }

    func adding(_ word: UInt) throws -> BigNumber {
        let result = try BigNumber(copying: pointer)
        guard BN_add_word(result.pointer, word) == 1 else {
            throw PKIError.drainingOpenSSL(.encoding, "arithmetic failed")
        }
        return result
    }

    func subtracting(_ other: BigNumber) throws -> BigNumber {
        let result = try BigNumber()
        guard BN_sub(result.pointer, pointer, other.pointer) == 1 else {
            throw PKIError.drainingOpenSSL(.encoding, "arithmetic failed")
        }
        return result
    }

    func squared(_ context: OpaquePointer) throws -> BigNumber {
        let result = try BigNumber()
        guard BN_sqr(result.pointer, pointer, context) == 1 else {
            throw PKIError.drainingOpenSSL(.encoding, "arithmetic failed")
        }
        return result
    }

    /// ⌊√self⌋ by Newton's iteration, starting above the root so the sequence falls to it.
    func integerSquareRoot(_ context: OpaquePointer) throws -> BigNumber {
        if BN_is_zero(pointer) == 1 { return try BigNumber(0) }
        var estimate = try BigNumber()
        guard BN_set_bit(estimate.pointer, Int32((bitCount + 1) / 2 + 1)) == 1 else {
            throw PKIError.drainingOpenSSL(.encoding, "arithmetic failed")
        }
        while true {
            // next = (estimate + self / estimate) / 2
            let quotient = try BigNumber()
            let next = try BigNumber()
            guard BN_div(quotient.pointer, nil, pointer, estimate.pointer, context) == 1,
                BN_add(next.pointer, estimate.pointer, quotient.pointer) == 1,
                BN_rshift1(next.pointer, next.pointer) == 1
            else { throw PKIError.drainingOpenSSL(.encoding, "arithmetic failed") }
            guard next < estimate else { return estimate }
            estimate = next
        }
    }
}
