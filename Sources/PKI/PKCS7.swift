import COpenSSL

/// PKCS#7 (RFC 2315) containers that carry certificates and nothing else.
package enum PKCS7 {
    /// A DER "certs-only" SignedData (RFC 2315 §9.1, the degenerate case of RFC 8551 §3.2.2): no
    /// content, no signers, just `certificates`, as `.p7b` and `.p7c` files carry them.
    ///
    /// The certificates are put in the order DER gives a SET OF (by encoding, X.690 §11.6): OpenSSL
    /// keeps them as given, and a release must not depend on the order a caller happened to use.
    package static func certificatesOnly(_ certificates: [Certificate]) throws -> [UInt8] {
        let sorted = try certificates.map { ($0, try $0.der) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }
        guard let container = PKCS7_new() else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        defer { PKCS7_free(container) }
        guard PKCS7_set_type(container, NID_pkcs7_signed) == 1,
            PKCS7_content_new(container, NID_pkcs7_data) == 1
        else { throw PKIError.drainingOpenSSL(.encoding, "could not start a PKCS#7 SignedData") }
        for (certificate, _) in sorted {
            // PKCS7_add_certificate takes its own reference; the Swift wrapper keeps ours.
            guard PKCS7_add_certificate(container, certificate.pointer) == 1 else {
                throw PKIError.drainingOpenSSL(.encoding, "could not add a certificate to the PKCS#7 container")
            }
        }
        return try encodeDER("PKCS#7 certificates") { i2d_PKCS7(container, $0) }
    }
}
