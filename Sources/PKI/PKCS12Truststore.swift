import COpenSSL

/// A Java truststore as PKCS#12 (RFC 7292): certificate bags only, each with the attribute that makes
/// keytool and `KeyStore.getInstance("PKCS12")` list it as a `trustedCertEntry`.
///
/// OpenSSL 3.0's `PKCS12_create` writes plain certificate bags, which Java reads as zero entries;
/// Java wants its own attribute on each bag (OpenSSL 3.2 writes it with `-jdktrust`).
package enum PKCS12Truststore {
    /// Oracle's `ORACLE_TrustedKeyUsage` bag attribute (what JDK 8u261+ reads for trusted entries).
    package static let trustedKeyUsageOID = "2.16.840.1.113894.746875.1.1"
    /// The value keytool itself writes for an imported certificate: trusted for any purpose. The
    /// purposes proper are said where the format can (p11-kit, certdata.txt), and by the root's CAs.
    package static let anyExtendedKeyUsage = "2.5.29.37.0"

    /// One trusted certificate under its alias (the bag's friendlyName).
    package struct Entry: Sendable {
        package let alias: String
        package let certificate: Certificate

        package init(alias: String, certificate: Certificate) {
            self.alias = alias
            self.certificate = certificate
        }
    }

    /// The DER of a truststore holding `entries` in alias order, with an HMAC-SHA-256 integrity MAC
    /// under `password` (Java's conventional `changeit`).
    ///
    /// Certificates are public, so the bags are not encrypted. The MAC salt is `salt`, not random,
    /// so the same entries always give the same bytes (a reproducible release).
    package static func make(
        _ entries: [Entry],
        password: String,
        salt: [UInt8],
        iterations: Int32 = 10_000
    )
        throws -> [UInt8]
    {
        guard salt.count >= 8 else { throw PKIError(.encoding, "a PKCS#12 MAC salt has at least 8 bytes") }
        guard let bags = vouch_sk_PKCS12_SAFEBAG_new_null() else {
            throw PKIError.drainingOpenSSL(.encoding, "out of memory")
        }
        defer { vouch_sk_PKCS12_SAFEBAG_pop_free(bags) }
        guard let usage = OBJ_txt2obj(anyExtendedKeyUsage, 1) else {
            throw PKIError.drainingOpenSSL(.encoding, "bad object identifier \(anyExtendedKeyUsage)")
        }
        defer { ASN1_OBJECT_free(usage) }
        for entry in entries.sorted(by: { $0.alias < $1.alias }) {
            guard let bag = PKCS12_SAFEBAG_create_cert(entry.certificate.pointer) else {
                throw PKIError.drainingOpenSSL(.encoding, "could not put \(entry.alias) into a PKCS#12 bag")
            }
            guard vouch_sk_PKCS12_SAFEBAG_push(bags, bag) > 0 else {
                PKCS12_SAFEBAG_free(bag)
                throw PKIError.drainingOpenSSL(.encoding, "out of memory")
            }
            // With length -1 OpenSSL copies the ASN1_OBJECT itself as the attribute's value.
            let object = UnsafeRawPointer(usage).assumingMemoryBound(to: UInt8.self)
            let marked = PKCS12_add1_attr_by_txt(bag, trustedKeyUsageOID, V_ASN1_OBJECT, object, -1)
            guard PKCS12_add_friendlyname_utf8(bag, entry.alias, -1) == 1, marked == 1 else {
                throw PKIError.drainingOpenSSL(.encoding, "could not label the PKCS#12 bag of \(entry.alias)")
            }
        }
        guard let safe = PKCS12_pack_p7data(bags) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not pack the PKCS#12 certificate bags")
        }
        guard let safes = vouch_sk_PKCS7_new_null() else {
            PKCS7_free(safe)
            throw PKIError.drainingOpenSSL(.encoding, "out of memory")
        }
        defer { vouch_sk_PKCS7_pop_free(safes) }
        guard vouch_sk_PKCS7_push(safes, safe) > 0 else {
            PKCS7_free(safe)
            throw PKIError.drainingOpenSSL(.encoding, "out of memory")
        }
        guard let store = PKCS12_init(NID_pkcs7_data) else {
            throw PKIError.drainingOpenSSL(.encoding, "out of memory")
        }
        defer { PKCS12_free(store) }
        var saltBytes = salt
        guard PKCS12_pack_authsafes(store, safes) == 1,
            PKCS12_set_mac(store, password, -1, &saltBytes, Int32(saltBytes.count), iterations, EVP_sha256()) == 1
        else { throw PKIError.drainingOpenSSL(.encoding, "could not seal the PKCS#12 truststore") }
        return try encodeDER("PKCS#12 truststore") { i2d_PKCS12(store, $0) }
    }
}
