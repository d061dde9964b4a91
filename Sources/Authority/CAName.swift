import PKI
import Store

/// The CAs of one Vouch installation, by the short names used for files, URLs and the registry.
package enum CAName: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case root
    case issuing(CAPurpose)

    package static var allCases: [CAName] { [.root] + CAPurpose.allCases.map { .issuing($0) } }

    /// "root", "tls", "smime", "codesign".
    package var fileName: String {
        switch self {
        case .root: return "root"
        case .issuing(let purpose): return purpose.rawValue
        }
    }

    package var description: String { fileName }

    /// The registry's word for this CA's role.
    var role: CARole {
        switch self {
        case .root: return .root
        case .issuing(.tls): return .tls
        case .issuing(.smime): return .smime
        case .issuing(.codeSigning): return .codeSigning
        }
    }

    /// The commonName of this CA's certificate.
    func commonName(caName: String) -> String {
        switch self {
        case .root: return "\(caName) Root CA"
        case .issuing(let purpose): return "\(caName) \(purpose.displayName) CA"
        }
    }
}
