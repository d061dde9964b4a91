import COpenSSL
import Foundation

/// An X.509 certificate (an OpenSSL `X509`, owned).
package final class Certificate: @unchecked Sendable {
    // @unchecked: never mutated after construction or signing; read-only X509 objects are safe to share.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }

    package convenience init(der: [UInt8]) throws {
        guard let certificate = decodeDER(der, { cursor, count in d2i_X509(nil, cursor, count) }) else {
            throw PKIError.drainingOpenSSL(.malformedCertificate, "not a DER certificate")
        }
        try Self.requireReadableValidity(certificate)
        self.init(taking: certificate)
    }

    package convenience init(pem: String) throws {
        let bio = try MemoryBIO(bytes: Array(pem.utf8))
        guard let certificate = PEM_read_bio_X509(bio.pointer, nil, nil, nil) else {
            throw PKIError.drainingOpenSSL(.malformedCertificate, "not a PEM certificate")
        }
        try Self.requireReadableValidity(certificate)
        self.init(taking: certificate)
    }

    /// A validity time OpenSSL parsed as a string but cannot read as a time is refused here, so
    /// `notBefore` and `notAfter` always hold the certificate's own dates: a certificate whose
    /// dates are unreadable is not one whose expiry can be judged.
    private static func requireReadableValidity(_ certificate: OpaquePointer) throws {
        guard ASN1Time.date(X509_get0_notBefore(certificate)) != nil,
            ASN1Time.date(X509_get0_notAfter(certificate)) != nil
        else {
            X509_free(certificate)
            throw PKIError(.malformedCertificate, "its validity (notBefore or notAfter) is not a readable time")
        }
    }

    package var der: [UInt8] {
        get throws { try encodeDER("certificate") { i2d_X509(pointer, $0) } }
    }

    package var pem: String {
        get throws {
            String(decoding: try MemoryBIO.collect("certificate") { PEM_write_bio_X509($0, pointer) }, as: UTF8.self)
        }
    }

    /// `openssl x509 -text` style dump.
    package var text: String {
        get throws {
            String(decoding: try MemoryBIO.collect("certificate text") { X509_print($0, pointer) }, as: UTF8.self)
        }
    }

    package var serialNumber: SerialNumber { SerialNumber(borrowing: X509_get0_serialNumber(pointer)) }
    package var subject: DistinguishedName { DistinguishedName(borrowing: X509_get_subject_name(pointer)) }
    package var issuer: DistinguishedName { DistinguishedName(borrowing: X509_get_issuer_name(pointer)) }
    // Read at parse (`requireReadableValidity`) or set by the builder, so the fallback is never taken.
    package var notBefore: Date { ASN1Time.date(X509_get0_notBefore(pointer)) ?? .distantPast }
    package var notAfter: Date { ASN1Time.date(X509_get0_notAfter(pointer)) ?? .distantPast }

    /// The lifetime counted inclusively, in seconds: notAfter − notBefore + 1 (TLS BR §1.6.1 "Validity Period").
    package var validitySeconds: TimeInterval { notAfter.timeIntervalSince(notBefore) + 1 }

    package var publicKey: PublicKey {
        get throws {
            guard let key = X509_get_pubkey(pointer) else {
                throw PKIError.drainingOpenSSL(.malformedCertificate, "the certificate has no readable public key")
            }
            return PublicKey(taking: key)
        }
    }

    package var sha256Fingerprint: [UInt8] { get throws { Digest.sha256(try der) } }
    package var sha1Fingerprint: [UInt8] { get throws { Digest.sha1(try der) } }

    /// The subjectKeyIdentifier extension's value, if present.
    package var subjectKeyIdentifier: [UInt8]? {
        guard let identifier = X509_get0_subject_key_id(pointer) else { return nil }
        return Array(
            UnsafeBufferPointer(start: ASN1_STRING_get0_data(identifier), count: Int(ASN1_STRING_length(identifier)))
        )
    }

    /// Whether basicConstraints says CA:TRUE.
    package var isCA: Bool { X509_check_ca(pointer) != 0 }

    /// rfc822Name and dNSName entries of the subjectAltName extension.
    package var subjectAlternativeNames: SubjectAlternativeNames {
        get throws {
            var critical: Int32 = 0
            guard let names = X509_get_ext_d2i(pointer, NID_subject_alt_name, &critical, nil) else {
                return SubjectAlternativeNames()
            }
            return try SubjectAlternativeNames(taking: OpaquePointer(names))
        }
    }

    /// The DER of the to-be-signed part: what the signature covers. The linting certificate and the
    /// real one must agree on it byte for byte.
    package var tbsDER: [UInt8] {
        get throws { try encodeDER("to-be-signed certificate") { i2d_re_X509_tbs(pointer, $0) } }
    }

    /// Whether `issuer`'s key made this certificate's signature.
    package func isSigned(by issuer: PublicKey) -> Bool {
        let verified = X509_verify(pointer, issuer.pointer) == 1
        _ = drainOpenSSLErrors()
        return verified
    }
}
