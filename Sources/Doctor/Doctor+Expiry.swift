import Authority
import Foundation
import PKI

extension Doctor {
    /// How long before a CA certificate expires the operator is told to plan its successor.
    static let caExpiryWarning: TimeInterval = 365 * 86_400

    /// CA certificates that expire within a year (a warning) or have expired (action).
    func expiryFindings(_ authority: CertificateAuthority, now: Date) throws -> [Finding] {
        var findings: [Finding] = []
        let formatter = ISO8601DateFormatter()
        for name in CAName.allCases {
            let notAfter = try authority.certificate(name).notAfter
            let when = formatter.string(from: notAfter)
            if notAfter <= now {
                findings.append(
                    Finding(
                        .action,
                        "ca-expiry",
                        "the \(name) CA certificate expired at \(when)",
                        remedy: "replace the CA (`vouch ca --help`) and publish the new certificate"
                    )
                )
            } else if notAfter.timeIntervalSince(now) < Self.caExpiryWarning {
                findings.append(
                    Finding(
                        .warning,
                        "ca-expiry",
                        "the \(name) CA certificate expires at \(when), within a year",
                        remedy: "plan its successor (`vouch ca --help`) so relying parties have the new one in time"
                    )
                )
            }
        }
        return findings
    }
}
