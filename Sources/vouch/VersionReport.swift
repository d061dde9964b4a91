import PKI
import Site
import Store

/// What `vouch --version` prints: Vouch's own version, which the Debian package takes as its own,
/// and the libraries it runs with, which an operator's bug report needs.
enum VersionReport {
    /// The one place Vouch's version is written down (`make deb` reads it from the built binary).
    static let vouch = "0.9.0"

    static var text: String {
        """
        vouch \(vouch)
        \(CryptoLibrary.version)
        SQLite \(DatabaseLibrary.version)
        cmark \(MarkdownLibrary.version)
        """
    }
}
