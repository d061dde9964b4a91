import COpenSSL
import Foundation

/// Verification of S/MIME signed mail (RFC 8551): `multipart/signed` or `application/pkcs7-mime`
/// signed-data, by OpenSSL's CMS implementation.
package enum SignedMessage {
    /// A verified signature: who signed, and the signed MIME entity exactly as signed.
    package struct Verified: Sendable {
        package let signer: Certificate
        package let content: [UInt8]
    }

    /// Verifies the signature on a whole RFC 5322 message against `roots` (trusted) and
    /// `intermediates` (untrusted chain material), at `time`, for the S/MIME signing purpose,
    /// and returns the signer's certificate. Throws if the message is not signed or does not verify.
    package static func verify(
        _ message: [UInt8],
        roots: [Certificate],
        intermediates: [Certificate],
        at time: Date
    ) throws -> Verified {
        let input = try MemoryBIO(bytes: message)
        var detached: OpaquePointer?
        guard let cms = SMIME_read_CMS(input.pointer, &detached) else {
            throw PKIError.drainingOpenSSL(
                .malformedSignature,
                "the message carries no S/MIME signature that can be read"
            )
        }
        defer {
            CMS_ContentInfo_free(cms)
            if let detached { BIO_free(detached) }
        }
        guard let store = X509_STORE_new() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        defer { X509_STORE_free(store) }
        // OpenSSL 3.0's CMS_verify builds the chain only from the store and the certificates inside
        // the message, so the intermediates go into the store too. They do not become anchors: without
        // X509_V_FLAG_PARTIAL_CHAIN the chain must still end at a self-signed root in `roots`.
        for certificate in roots + intermediates where X509_STORE_add_cert(store, certificate.pointer) != 1 {
            throw PKIError.drainingOpenSSL(.signing, "could not load a CA certificate")
        }
        guard let parameters = X509_STORE_get0_param(store) else {
            throw PKIError.drainingOpenSSL(.signing, "out of memory")
        }
        X509_VERIFY_PARAM_set_time(parameters, time_t(time.timeIntervalSince1970))
        X509_VERIFY_PARAM_set_purpose(parameters, X509_PURPOSE_SMIME_SIGN)
        guard let chain = vouch_sk_X509_new_null() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        defer { vouch_sk_X509_free(chain) }  // the certificates stay owned by their Swift wrappers
        for certificate in intermediates { _ = vouch_sk_X509_push(chain, certificate.pointer) }

        let sink = try MemoryBIO()
        guard CMS_verify(cms, chain, store, detached, sink.pointer, 0) == 1 else {
            throw PKIError.drainingOpenSSL(
                .badSignature,
                "the S/MIME signature does not verify against this CA's certificates"
            )
        }
        guard let signers = CMS_get0_signers(cms) else {
            throw PKIError.drainingOpenSSL(.badSignature, "the signature names no signer certificate")
        }
        defer { vouch_sk_X509_free(signers) }
        guard vouch_sk_X509_num(signers) == 1, let signer = vouch_sk_X509_value(signers, 0) else {
            throw PKIError(.badSignature, "the message must have exactly one signer")
        }
        X509_up_ref(signer)
        return Verified(signer: Certificate(taking: signer), content: sink.bytes)
    }

    /// Signs `content` (a MIME entity with its headers) as `multipart/signed`, as a member's mail
    /// client would: for the demo and the tests.
    package static func sign(_ content: [UInt8], certificate: Certificate, key: PrivateKey) throws -> [UInt8] {
        let input = try MemoryBIO(bytes: content)
        let flags = UInt32(CMS_DETACHED | CMS_STREAM)
        guard let cms = CMS_sign(certificate.pointer, key.pointer, nil, input.pointer, flags) else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign the message")
        }
        defer { CMS_ContentInfo_free(cms) }
        let again = try MemoryBIO(bytes: content)
        return try MemoryBIO.collect("signed message") { output in
            SMIME_write_CMS(output, cms, again.pointer, Int32(flags))
        }
    }
}
