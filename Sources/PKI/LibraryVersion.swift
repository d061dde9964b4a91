import COpenSSL

/// The OpenSSL Vouch runs with, for `vouch --version` and bug reports.
package enum CryptoLibrary {
    /// "OpenSSL 3.0.x  1 Nov 2022", as the linked library reports itself (not the headers it was built with).
    package static var version: String { String(cString: OpenSSL_version(numericCast(OPENSSL_VERSION))) }
}
