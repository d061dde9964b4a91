import COpenSSL

/// An OpenSSL memory BIO, owned: the bridge between Swift bytes and OpenSSL's stream API.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// A read-only BIO over a copy of `bytes`.
    init(bytes: [UInt8]) throws {
        let copy = bytes
        guard
            let bio = copy.withUnsafeBytes({ buffer -> OpaquePointer? in
                // BIO_new_mem_buf does not copy, so copy into a writable memory BIO instead.
                guard let bio = BIO_new(BIO_s_mem()) else { return nil }
                if buffer.count > 0 {
                    guard BIO_write(bio, buffer.baseAddress, Int32(buffer.count)) == Int32(buffer.count) else {
                        BIO_free(bio)
                        return nil
                    }
                }
                // A drained buffer is the end of the input, not "try again later": without this a
                // reader such as the S/MIME parser stops early and reports truncated data.
                vouch_BIO_set_mem_eof_return(bio, 0)
                return bio
            })
        else {
            throw PKIError.drainingOpenSSL(.encoding, "could not allocate a memory buffer")
        }
        pointer = bio
    }

    /// An empty BIO to write into.
    init() throws {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not allocate a memory buffer")
        }
        pointer = bio
    }

    deinit { BIO_free(pointer) }

    /// Everything written so far.
    var bytes: [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = vouch_BIO_get_mem_data(pointer, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Runs an OpenSSL writer against a fresh BIO and returns what it wrote.
    static func collect(_ what: String, _ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
        let bio = try MemoryBIO()
        guard write(bio.pointer) > 0 else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode \(what)")
        }
        return bio.bytes
    }
}

/// Runs an OpenSSL `i2d_*` encoder twice: once for the length, once into a buffer.
func encodeDER(
    _ what: String,
    _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
) throws -> [UInt8] {
    let length = encode(nil)
    guard length > 0 else { throw PKIError.drainingOpenSSL(.encoding, "could not encode \(what) as DER") }
    var output = [UInt8](repeating: 0, count: Int(length))
    let written = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
        return encode(&cursor)
    }
    guard written == length else { throw PKIError.drainingOpenSSL(.encoding, "could not encode \(what) as DER") }
    return output
}

/// Runs an OpenSSL `d2i_*` decoder over `bytes`.
func decodeDER<T>(_ bytes: [UInt8], _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> T?) -> T? {
    bytes.withUnsafeBufferPointer { buffer -> T? in
        var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
        return decode(&cursor, buffer.count)
    }
}
