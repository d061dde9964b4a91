import COpenSSL
import Foundation

/// A PKCS#10 certificate signing request (an OpenSSL `X509_REQ`, owned), as a member sends it.
package final class CertificateSigningRequest: @unchecked Sendable {
    // @unchecked: never mutated after parsing; read-only X509_REQ objects are safe to share.
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_REQ_free(pointer) }

    /// The largest request accepted, in bytes: a 4096-bit RSA request with many names is under 8 KiB.
    package static let maximumSize = 64 * 1024

    /// Parses a CSR in PEM (one block, any of the usual armour labels) or DER, whichever `bytes` holds.
    /// Strict: one request and nothing after it, so what is checked is all that was sent.
    package convenience init(bytes: [UInt8]) throws {
        guard bytes.count <= Self.maximumSize else {
            throw PKIError(.malformedCSR, "the request is \(bytes.count) bytes, more than a request can be")
        }
        let der = try Self.pemBody(in: bytes) ?? bytes
        let parsed = der.withUnsafeBufferPointer { buffer -> (OpaquePointer?, Int) in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let request = d2i_X509_REQ(nil, &cursor, buffer.count)
            let used = cursor.map { $0 - buffer.baseAddress! } ?? 0
            return (request, used)
        }
        guard let request = parsed.0 else {
            throw PKIError.drainingOpenSSL(
                .malformedCSR,
                "not a certificate request: expected PEM (BEGIN CERTIFICATE REQUEST) or DER, whole and unaltered"
            )
        }
        guard parsed.1 == der.count else {
            X509_REQ_free(request)
            throw PKIError(.malformedCSR, "the request is followed by \(der.count - parsed.1) bytes of other data")
        }
        self.init(taking: request)
    }

    /// The DER inside a PEM request block, or nil when `bytes` hold no PEM armour at all. Only white
    /// space may surround the one block; its base64 must be clean (RFC 7468 §3).
    private static func pemBody(in bytes: [UInt8]) throws -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("-----BEGIN") else { return nil }
        let labels = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]
        guard text.components(separatedBy: "-----BEGIN").count == 2 else {
            throw PKIError(.malformedCSR, "send one certificate request at a time (this text holds several PEM blocks)")
        }
        for label in labels {
            guard let start = text.range(of: "-----BEGIN \(label)-----"),
                let end = text.range(of: "-----END \(label)-----", range: start.upperBound..<text.endIndex)
            else { continue }
            guard text[..<start.lowerBound].allSatisfy(\.isWhitespace) else {
                throw PKIError(.malformedCSR, "there is text before the BEGIN line of the request")
            }
            guard text[end.upperBound...].allSatisfy(\.isWhitespace) else {
                throw PKIError(.malformedCSR, "there is text after the END line of the request")
            }
            let body = text[start.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: String(body)), !data.isEmpty else {
                throw PKIError(.malformedCSR, "the request's base64 is damaged or truncated")
            }
            return Array(data)
        }
        throw PKIError(.malformedCSR, "the PEM block is not a certificate request (BEGIN CERTIFICATE REQUEST)")
    }

    package convenience init(pem: String) throws { try self.init(bytes: Array(pem.utf8)) }

    /// Makes a request signed by `key`, as a member's software would: for the demo and for tests.
    package static func make(
        key: PrivateKey,
        subject: DistinguishedName,
        names: SubjectAlternativeNames = SubjectAlternativeNames()
    ) throws -> CertificateSigningRequest {
        guard let request = X509_REQ_new() else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        let owned = CertificateSigningRequest(taking: request)
        let name = try subject.makeX509Name()
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_version(request, 0) == 1, X509_REQ_set_subject_name(request, name) == 1,
            X509_REQ_set_pubkey(request, key.pointer) == 1
        else { throw PKIError.drainingOpenSSL(.encoding, "could not fill in the request") }
        if !names.isEmpty {
            guard let extensions = vouch_sk_X509_EXTENSION_new_null() else {
                throw PKIError.drainingOpenSSL(.encoding, "out of memory")
            }
            defer { vouch_sk_X509_EXTENSION_pop_free(extensions) }
            let alternativeNames = try Extension.subjectAlternativeNames(names, critical: subject.isEmpty)
                .makeX509Extension()
            guard vouch_sk_X509_EXTENSION_push(extensions, alternativeNames) > 0 else {
                X509_EXTENSION_free(alternativeNames)
                throw PKIError.drainingOpenSSL(.encoding, "out of memory")
            }
            guard X509_REQ_add_extensions(request, extensions) == 1 else {
                throw PKIError.drainingOpenSSL(.encoding, "could not add the requested names")
            }
        }
        guard X509_REQ_sign(request, key.pointer, key.publicKey.signatureDigest) > 0 else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign the request")
        }
        return owned
    }

    package var der: [UInt8] { get throws { try encodeDER("certificate request") { i2d_X509_REQ(pointer, $0) } } }

    package var pem: String {
        get throws {
            String(
                decoding: try MemoryBIO.collect("certificate request") { PEM_write_bio_X509_REQ($0, pointer) },
                as: UTF8.self
            )
        }
    }

    package var text: String {
        get throws {
            String(
                decoding: try MemoryBIO.collect("certificate request text") { X509_REQ_print($0, pointer) },
                as: UTF8.self
            )
        }
    }

    package var subject: DistinguishedName { DistinguishedName(borrowing: X509_REQ_get_subject_name(pointer)) }

    package var publicKey: PublicKey {
        get throws {
            guard let key = X509_REQ_get_pubkey(pointer) else {
                throw PKIError.drainingOpenSSL(.malformedCSR, "the request carries no readable public key")
            }
            return PublicKey(taking: key)
        }
    }

    /// Proof of possession: the request is signed by the private half of the key it carries.
    package var hasValidSignature: Bool {
        guard let key = try? publicKey else { return false }
        let valid = X509_REQ_verify(pointer, key.pointer) == 1
        _ = drainOpenSSLErrors()
        return valid
    }

    /// The object identifiers of every extension the request asks for.
    package var requestedExtensionOIDs: [String] {
        withExtensions { extensions in
            (0..<vouch_sk_X509_EXTENSION_num(extensions)).map {
                objectText(X509_EXTENSION_get_object(vouch_sk_X509_EXTENSION_value(extensions, $0)))
            }
        } ?? []
    }

    /// The names requested in a subjectAltName extension.
    package var requestedNames: SubjectAlternativeNames {
        get throws {
            guard
                let names = withExtensions({ extensions in
                    X509V3_get_d2i(extensions, NID_subject_alt_name, nil, nil)
                }) ?? nil
            else { return SubjectAlternativeNames() }
            return try SubjectAlternativeNames(taking: OpaquePointer(names))
        }
    }

    /// Whether the request asks for basicConstraints CA:TRUE.
    package var requestsCA: Bool {
        guard
            let raw = withExtensions({ extensions in X509V3_get_d2i(extensions, NID_basic_constraints, nil, nil) })
                ?? nil
        else { return false }
        let constraints = raw.assumingMemoryBound(to: BASIC_CONSTRAINTS.self)
        defer { BASIC_CONSTRAINTS_free(constraints) }
        return constraints.pointee.ca != 0
    }

    /// Checks what every request must satisfy before any profile looks at it: a valid self-signature,
    /// no CA:TRUE, and only email and DNS names. Each failure has its own code and reason.
    package func validate() throws {
        guard hasValidSignature else {
            throw PKIError(
                .badCSRSignature,
                "the request's signature does not verify: it was altered or not signed by its key"
            )
        }
        guard !requestsCA else {
            throw PKIError(
                .csrRequestsCA,
                "the request asks for a CA certificate (basicConstraints CA:TRUE); Vouch issues only end-entity certificates to members"
            )
        }
        let names = try requestedNames
        guard names.unsupportedTypes.isEmpty else {
            throw PKIError(
                .unsupportedSANType,
                "the request names \(names.unsupportedTypes.joined(separator: ", ")) in subjectAltName; only email addresses and DNS names are supported"
            )
        }
    }

    private func withExtensions<T>(_ body: (OpaquePointer) -> T) -> T? {
        guard let extensions = X509_REQ_get_extensions(pointer) else {
            _ = drainOpenSSLErrors()
            return nil
        }
        defer { vouch_sk_X509_EXTENSION_pop_free(extensions) }
        return body(extensions)
    }
}
