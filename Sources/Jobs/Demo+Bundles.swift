import Authority
import Bundles
import Foundation

extension Demo {
    /// Releases the demo's root bundle (the first run's, or a new one when the CA set changed).
    /// A demo CA made before bundles existed gets its bundle signer here: the demo keeps its root
    /// key online (DEMO ONLY), under its own demo passphrase.
    func releaseBundles(_ authority: CertificateAuthority, rootPassphrase: String) throws {
        if try authority.store.currentBundleSigner() == nil {
            let root = try authority.rootIssuer(keyFile: directory.offlineRootKeyFile, passphrase: rootPassphrase)
            try authority.addBundleSigner(root: root, now: now)
            say("issued a bundle-signing certificate with the demo's online root key")
        }
        let releaser = BundleReleaser(authority: authority, releaseTime: try BundleReleaser.releaseTime(now: now))
        switch try releaser.run() {
        case .released(let release, let directory):
            say("root bundle \(release.version) in \(directory.path), published under \(siteOutput.path)/bundles/")
        case .unchanged(let release):
            say("root bundle unchanged since \(release.version)")
        }
    }
}
