import Foundation
import PKI

extension CertificateAuthority {
    /// A domain a member asks to verify, in the A-label form stored: a public name (not internal, not
    /// a public suffix), one script per label. The one check `domain@` and issuance share.
    package func checkedDomain(_ raw: String) throws -> String {
        let domain: String
        do {
            domain = try DomainName.normalise(raw)
        } catch {
            throw AuthorityError(.refused, error.reason)
        }
        try checkPublicName(domain)
        return domain
    }

    /// Refuses internal names and public suffixes (`co.uk`, `github.io`): nobody can prove control of them.
    package func checkPublicName(_ name: String) throws {
        if let reason = InternalNames.reason(name) {
            throw AuthorityError(.refused, "\(reason); a public CA certifies only names in the public DNS")
        }
        if try publicSuffixes().isPublicSuffix(name) {
            throw AuthorityError(
                .refused,
                "\(name) is a public suffix (publicsuffix.org): anyone may register under it, so no one can hold it"
            )
        }
    }

    /// The Public Suffix List named in the configuration, read once per process.
    func publicSuffixes() throws -> PublicSuffixList {
        try PublicSuffixCache.shared.list(at: configuration.publicSuffixList)
    }
}

/// The Public Suffix List, read once per process and path.
final class PublicSuffixCache: @unchecked Sendable {
    // @unchecked: `lists` is only touched under `lock`; a list is immutable once read.
    static let shared = PublicSuffixCache()
    private let lock = NSLock()
    private var lists: [String: PublicSuffixList] = [:]

    func list(at path: String) throws -> PublicSuffixList {
        try lock.withLock {
            if let list = lists[path] { return list }
            let list: PublicSuffixList
            do {
                list = try PublicSuffixList(contentsOf: URL(fileURLWithPath: path))
            } catch let error as PKIError {
                throw AuthorityError(
                    .invalidConfiguration,
                    "\(error.reason); install Debian's publicsuffix package or set names.public_suffix_list"
                )
            }
            lists[path] = list
            return list
        }
    }
}
