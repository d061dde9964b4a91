import ArgumentParser
import Authority
import Foundation
import PKI

/// `vouch init`: the key ceremony.
struct Initialise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the root and issuing CAs, the configuration and the database (the key ceremony)."
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var rootPassphrase: RootPassphraseOptions

    @Option(
        help:
            "Where to write the encrypted root key, outside the data directory's keys/ (default: DATA/root-offline/root.key.pem); take it offline afterwards."
    )
    var rootKeyOut: String?

    @Option(help: "The CA's name, as it appears in its certificates.")
    var name: String?

    @Option(help: "The domain of the mail robot's addresses.")
    var mailDomain: String?

    @Option(help: "The URL the site is served at.")
    var baseURL: String?

    @Option(help: "ISO 3166-1 country code of the operator, for the CA certificates' subjects.")
    var country: String = "XX"

    @Option(help: "The CP/CPS policy OID under your IANA Private Enterprise Number.")
    var policyOID: String = CAConfiguration.documentationPolicyOID

    @Option(help: "The root key: rsa4096 (default), rsa3072 or p384; with --bundle-signer, the root's key file.")
    var rootKey: String = KeySpec.rsa4096.rawValue

    @OptionGroup var bundleSigner: BundleSignerOptions

    @Option(help: "Where `vouch site build` and the site job write the site.")
    var site: String = "site"

    @Option(help: "The templates directory (pages and mail).")
    var templates: String = "Templates"

    @Option(help: "The Markdown pages.")
    var content: String = "Content"

    @Option(help: "How replies leave: maildir (kept in the outbox for pick-up) or sendmail.")
    var mailTransport: String = "maildir"

    func run() throws {
        if bundleSigner.requested { return try addBundleSigner() }
        guard let name, let mailDomain, let baseURL else {
            throw AuthorityError(.invalidConfiguration, "init needs --name, --mail-domain and --base-url")
        }
        guard let rootSpec = KeySpec(rawValue: rootKey), [.rsa4096, .rsa3072, .p384].contains(rootSpec) else {
            throw AuthorityError(.invalidConfiguration, "--root-key must be rsa4096, rsa3072 or p384")
        }
        let configuration = try CAConfiguration(
            name: name,
            country: country,
            mailDomain: mailDomain,
            baseURL: baseURL,
            policyOID: policyOID,
            rootKey: rootSpec,
            site: SiteSettings(output: site, templates: templates, content: content),
            mail: MailSettings(transport: mailTransport)
        )
        let ceremony = KeyCeremony(
            directory: data.directory,
            configuration: configuration,
            passphrase: try passphrase.resolve(),
            rootPassphrase: try rootPassphrase.resolve(),
            rootKeyFile: rootKeyOut.map { URL(fileURLWithPath: $0) }
        )
        let authority = try ceremony.perform()
        let root = try authority.certificate(.root)
        let key = ceremony.rootKeyFile.path
        print("initialised \(configuration.name) in \(data.directory.url.path)")
        print("root SHA-256 fingerprint: \(try root.sha256Fingerprint.colonHex)")
        print(
            """
            The root key is at \(key), encrypted under the root passphrase; no job reads it.
            Take it offline now: copy it to two offline media kept apart (with the root passphrase
            stored separately), check a copy opens (`openssl pkey -in COPY -noout`), then remove it
            here (`shred -u \(key)`). Once a year bring a copy back for `vouch root sign-arl --root-key COPY`.
            """
        )
    }
}
