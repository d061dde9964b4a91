import Foundation
import PKI

// TEMPORARY (issue 10, branch `bundles`): a stand-in with the signature the lead is adding to main
// with the offline root key. Delete this file when main's `rootIssuer(keyFile:passphrase:)` lands.
extension CertificateAuthority {
    /// The root's signing identity from an operator-supplied encrypted key file.
    package func rootIssuer(keyFile: URL, passphrase: String) throws -> Issuer {
        guard let keyData = FileManager.default.contents(atPath: keyFile.path) else {
            throw AuthorityError(.keyOffline, "cannot read the root key file \(keyFile.path)")
        }
        let key = try PrivateKey(pem: String(decoding: keyData, as: UTF8.self), passphrase: passphrase)
        let root = try certificate(.root)
        guard try key.publicKey.fingerprint == root.publicKey.fingerprint else {
            throw AuthorityError(.invalidConfiguration, "\(keyFile.path) is not the key of this CA's root certificate")
        }
        return Issuer(
            certificate: root,
            privateKey: key,
            crlURL: configuration.crlURL(CAName.root.fileName),
            certificateURL: configuration.certificateURL(CAName.root.fileName)
        )
    }
}
