/// The key types Vouch generates and accepts (DESIGN.md "Keys"; TLS BR §6.1.5, S/MIME BR §6.1.5).
package enum KeySpec: String, Sendable, Hashable, CaseIterable, Codable {
    case rsa2048
    case rsa3072
    case rsa4096
    case p256
    case p384

    /// The algorithm OpenSSL names for key generation.
    var algorithmName: String {
        switch self {
        case .rsa2048, .rsa3072, .rsa4096: return "RSA"
        case .p256, .p384: return "EC"
        }
    }

    var rsaBits: UInt32? {
        switch self {
        case .rsa2048: return 2048
        case .rsa3072: return 3072
        case .rsa4096: return 4096
        case .p256, .p384: return nil
        }
    }

    /// The OpenSSL group name of an elliptic curve.
    var curveName: String? {
        switch self {
        case .p256: return "P-256"
        case .p384: return "P-384"
        case .rsa2048, .rsa3072, .rsa4096: return nil
        }
    }

    package var isRSA: Bool { rsaBits != nil }
}
