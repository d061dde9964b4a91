import COpenSSL
import Foundation

/// Detached CMS signatures (RFC 5652) over files, as `openssl cms -verify -content FILE` checks them.
package enum DetachedSignature {
    /// A DER CMS SignedData over `content`, which it does not carry, by `key` with `certificate`
    /// (and `chain`) included, at `signingTime`.
    ///
    /// The signingTime is the caller's (SOURCE_DATE_EPOCH for a release), not the clock's, and no
    /// S/MIME capabilities are added: with an RSA key (PKCS#1 v1.5 is deterministic) the same
    /// content and time give the same bytes. An ECDSA signature is valid but differs on every run.
    package static func sign(
        _ content: [UInt8],
        certificate: Certificate,
        key: PrivateKey,
        chain: [Certificate] = [],
        signingTime: Date
    ) throws -> [UInt8] {
        let flags = UInt32(CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP)
        guard let extra = vouch_sk_X509_new_null() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        defer { vouch_sk_X509_free(extra) }  // CMS_sign takes its own references
        for member in chain { _ = vouch_sk_X509_push(extra, member.pointer) }
        guard let cms = CMS_sign(nil, nil, extra, nil, flags) else {
            throw PKIError.drainingOpenSSL(.signing, "could not start a CMS signature")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard let signer = CMS_add1_signer(cms, certificate.pointer, key.pointer, EVP_sha256(), flags) else {
            throw PKIError.drainingOpenSSL(.signing, "the signing key does not match its certificate")
        }
        // CMS_SignerInfo_sign adds the current time only when no signingTime is present.
        let time = try ASN1Time.make(signingTime)
        defer { ASN1_TIME_free(time) }
        let timed = UnsafeMutableRawPointer(time).withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, ASN1_STRING_type(time), bytes, -1)
        }
        guard timed == 1 else { throw PKIError.drainingOpenSSL(.signing, "could not set the signing time") }
        let input = try MemoryBIO(bytes: content)
        guard CMS_final(cms, input.pointer, nil, flags) == 1 else {
            throw PKIError.drainingOpenSSL(.signing, "could not sign")
        }
        return try encodeDER("CMS signature") { i2d_CMS_ContentInfo(cms, $0) }
    }
}

extension DetachedSignature {
    /// Checks a detached CMS signature over `content` against `roots` (trusted) and `intermediates`,
    /// for any purpose, and returns the signer's certificate.
    package static func verify(
        _ signature: [UInt8],
        content: [UInt8],
        roots: [Certificate],
        intermediates: [Certificate]
    ) throws -> Certificate {
        guard let cms = decodeDER(signature, { cursor, count in d2i_CMS_ContentInfo(nil, cursor, count) }) else {
            throw PKIError.drainingOpenSSL(.malformedSignature, "not a DER CMS signature")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard let store = X509_STORE_new() else { throw PKIError.drainingOpenSSL(.signing, "out of memory") }
        defer { X509_STORE_free(store) }
        for certificate in roots + intermediates where X509_STORE_add_cert(store, certificate.pointer) != 1 {
            throw PKIError.drainingOpenSSL(.signing, "could not load a CA certificate")
        }
        guard let parameters = X509_STORE_get0_param(store) else {
            throw PKIError.drainingOpenSSL(.signing, "out of memory")
        }
        X509_VERIFY_PARAM_set_purpose(parameters, X509_PURPOSE_ANY)
        let data = try MemoryBIO(bytes: content)
        guard CMS_verify(cms, nil, store, data.pointer, nil, UInt32(CMS_BINARY)) == 1 else {
            throw PKIError.drainingOpenSSL(
                .badSignature,
                "the signature does not verify against this CA's certificates"
            )
        }
        guard let signers = CMS_get0_signers(cms) else {
            throw PKIError.drainingOpenSSL(.badSignature, "the signature names no signer certificate")
        }
        defer { vouch_sk_X509_free(signers) }
        guard vouch_sk_X509_num(signers) == 1, let signer = vouch_sk_X509_value(signers, 0) else {
            throw PKIError(.badSignature, "the signature must have exactly one signer")
        }
        X509_up_ref(signer)
        return Certificate(taking: signer)
    }
}
