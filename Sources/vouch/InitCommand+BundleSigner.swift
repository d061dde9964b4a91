import ArgumentParser
import Authority
import Foundation

/// `vouch init --bundle-signer --root-key FILE`: adds a bundle-signing certificate to a CA made
/// before bundles existed (or renews it), with the root key the operator brings for the occasion.
struct BundleSignerOptions: ParsableArguments {
    @Flag(
        name: .customLong("bundle-signer"),
        help: "Add a bundle-signing certificate to the existing CA, signed with the root key given by --root-key FILE."
    )
    var requested = false
}

extension Initialise {
    func addBundleSigner() throws {
        guard name == nil, mailDomain == nil, baseURL == nil else {
            throw AuthorityError(
                .refused,
                "--bundle-signer adds to an existing CA: leave out --name, --mail-domain and --base-url"
            )
        }
        let keyFile = URL(fileURLWithPath: rootKey)
        let authority = try CertificateAuthority.open(
            data.directory,
            passphrase: try passphrase.resolve(),
            actor: "operator"
        )
        let root = try authority.rootIssuer(keyFile: keyFile, passphrase: try rootPassphrase.resolve())
        let certificate = try authority.addBundleSigner(root: root)
        print(
            "bundle signer \(certificate.serialNumber.hex) added, valid until \(ISO8601DateFormatter().string(from: certificate.notAfter))"
        )
        print("bundle signer SHA-256 fingerprint: \(try certificate.sha256Fingerprint.colonHex)")
    }
}
