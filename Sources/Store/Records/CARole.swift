/// What an issuing CA may sign; each issuing CA is EKU-constrained to exactly one purpose.
package enum CARole: String, Sendable, Hashable, CaseIterable {
    case root
    case tls
    case smime
    case codeSigning
}
