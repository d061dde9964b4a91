import Foundation
import PKI
import Policy

/// The operator's settings for one CA, kept in `config.toml`.
package struct CAConfiguration: Sendable, Hashable {
    /// The CA's name, as it appears in the organizationName of its certificates.
    package var name: String
    /// ISO 3166-1 alpha-2 country of the operator (TLS BR §7.1.2.10.2 requires countryName in CA subjects).
    package var country: String
    /// The domain of the robot's addresses: register@, verify+TOKEN@ …
    package var mailDomain: String
    /// Where the site is served.
    package var baseURL: String
    /// Where CRLs and CA certificates are published: an `http://` URL, since relying parties fetch
    /// them before any TLS can be trusted (TLS BR §7.1.2.11.2, S/MIME BR §7.1.2.3(b)).
    package var publicationURL: String
    /// The operator's CP/CPS policy identifier, under its IANA Private Enterprise Number.
    package var policyOID: String
    package var rootKey: KeySpec
    package var issuingKey: KeySpec
    /// Days between a subscriber CRL's thisUpdate and nextUpdate (TLS BR §4.9.7: at most 10).
    package var crlValidityDays: Int
    /// Days between the root ARL's thisUpdate and nextUpdate (at most 12 months).
    package var arlValidityDays: Int
    package var rootLifetimeDays: Int
    package var issuingLifetimeDays: Int
    /// The web-of-trust and issuance rules.
    package var policy: PolicyConfiguration
    /// Where the site is written, and its templates and Markdown pages (absolute paths, so cron
    /// can run from anywhere).
    package var site: SiteSettings
    /// The mail robot's settings.
    package var mail: MailSettings
    /// Debian's copy of the Public Suffix List (package `publicsuffix`): names under which anyone can
    /// register are never verified or certified.
    package var publicSuffixList: String
    /// Shards per issuing CA's CRL (Let's Encrypt's partitioning); fixed at issuance in each CDP.
    package var crlShards: Int
    /// Days before expiry at which a member is reminded, each once.
    package var expiryNoticeDays: [Int]

    package static let debianPublicSuffixList = "/usr/share/publicsuffix/public_suffix_list.dat"
    /// The validating resolver's settings (domain validation by DNS, CAA).
    package var dns: DNSSettings

    /// The PEN that RFC 5612 reserves for documentation: right for a demo, to be replaced in production.
    package static let documentationPolicyOID = "1.3.6.1.4.1.32473.1.1"

    package init(
        name: String,
        country: String = "XX",
        mailDomain: String,
        baseURL: String,
        publicationURL: String? = nil,
        policyOID: String = CAConfiguration.documentationPolicyOID,
        rootKey: KeySpec = .rsa4096,
        issuingKey: KeySpec = .p384,
        crlValidityDays: Int = 7,
        arlValidityDays: Int = 365,
        rootLifetimeDays: Int = 20 * 365 + 5,
        issuingLifetimeDays: Int = 8 * 365 + 2,
        policy: PolicyConfiguration = .standard,
        site: SiteSettings = SiteSettings(),
        mail: MailSettings = MailSettings(),
        publicSuffixList: String = CAConfiguration.debianPublicSuffixList,
        crlShards: Int = 16,
        expiryNoticeDays: [Int] = [30, 14, 3],
        dns: DNSSettings = DNSSettings()
    ) throws {
        self.name = name
        self.country = country
        self.mailDomain = mailDomain
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.publicationURL = publicationURL ?? Self.httpVariant(of: self.baseURL)
        self.policyOID = policyOID
        self.rootKey = rootKey
        self.issuingKey = issuingKey
        self.crlValidityDays = crlValidityDays
        self.arlValidityDays = arlValidityDays
        self.rootLifetimeDays = rootLifetimeDays
        self.issuingLifetimeDays = issuingLifetimeDays
        self.policy = policy
        self.site = site
        self.mail = mail
        self.publicSuffixList = publicSuffixList
        self.crlShards = crlShards
        self.expiryNoticeDays = expiryNoticeDays.sorted(by: >)
        self.dns = dns
        // The default CAA identity is the mail domain, written out so the operator sees it.
        if dns.caaIdentities.isEmpty { self.dns.caaIdentities = [mailDomain] }
        try validate()
    }

    /// The CRL URL of a CA by its file name ("root", "tls" …): the root's ARL, and the form issuing
    /// CAs used before their CRLs were sharded.
    package func crlURL(_ caName: String) -> String { "\(publicationURL)/crl/\(caName).crl" }

    /// The URL of one shard of an issuing CA's CRL, as its certificates' CDP and the shard's own
    /// issuingDistributionPoint name it, byte for byte.
    package func crlURL(_ caName: String, shard: Int) -> String { "\(publicationURL)/crl/\(caName)/\(shard).crl" }

    /// The URL of a CA's certificate (DER) by its file name.
    package func certificateURL(_ caName: String) -> String { "\(publicationURL)/ca/\(caName).der" }

    private static func httpVariant(of url: String) -> String {
        url.hasPrefix("https://") ? "http://" + url.dropFirst("https://".count) : url
    }

    private func validate() throws {
        func refuse(_ reason: String) -> AuthorityError { AuthorityError(.invalidConfiguration, reason) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 64 else {
            throw refuse("the CA name must be 1 to 64 characters")
        }
        guard name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw refuse("the CA name must not contain control characters")
        }
        guard country.count == 2, country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw refuse("country must be an ISO 3166-1 alpha-2 code in capitals, such as NL or DE")
        }
        guard CertificateNames.isPublicDNSName(mailDomain) else {
            throw refuse("mail domain '\(mailDomain)' is not a fully qualified lower-case domain name")
        }
        for (label, url) in [("base URL", baseURL), ("publication URL", publicationURL)] {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
                parsed.host != nil, parsed.query == nil, parsed.fragment == nil
            else { throw refuse("\(label) '\(url)' is not an http(s) URL without query or fragment") }
        }
        guard publicationURL.hasPrefix("http://") else {
            throw refuse("the publication URL must use http:// (CRLs and CA certificates are fetched without TLS)")
        }
        guard policyOID.split(separator: ".").count >= 3,
            policyOID.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ UInt32($0) != nil })
        else {
            // Arcs above 32 bits break pyasn1-based tools such as pkilint (PROFILES.md).
            throw refuse("policy OID '\(policyOID)' must be dotted decimal with arcs below 2^32")
        }
        guard (1...10).contains(crlValidityDays) else {
            throw refuse("crl_validity_days must be 1 to 10 (TLS BR §4.9.7)")
        }
        guard (1...366).contains(arlValidityDays) else { throw refuse("arl_validity_days must be 1 to 366") }
        guard (1...256).contains(crlShards) else { throw refuse("crl.shards must be 1 to 256") }
        guard publicSuffixList.hasPrefix("/") else { throw refuse("names.public_suffix_list must be an absolute path") }
        guard expiryNoticeDays.allSatisfy({ (1...90).contains($0) }),
            Set(expiryNoticeDays).count == expiryNoticeDays.count
        else { throw refuse("expiry notice days must be distinct numbers from 1 to 90") }
        guard issuingLifetimeDays < rootLifetimeDays else { throw refuse("issuing CAs must expire before the root") }
        guard ["maildir", "sendmail"].contains(mail.transport) else {
            throw refuse("mail transport must be \"maildir\" (the outbox) or \"sendmail\"")
        }
        guard mail.sendmail.hasPrefix("/") else { throw refuse("mail.sendmail must be an absolute path") }
        guard mail.maximumMessageBytes >= 64 * 1024 else {
            throw refuse("mail.max_message_bytes must be at least 65536")
        }
        guard mail.probesPerDay >= 1 else { throw refuse("mail.probes_per_day must be at least 1") }
        guard mail.requestExpiryHours >= 1 else { throw refuse("mail.request_expiry_hours must be at least 1") }
        guard mail.repliesPerDay >= 1 else { throw refuse("mail.replies_per_day must be at least 1") }
        guard mail.memberProbesPerDay >= mail.probesPerDay, mail.memberMailPerDay >= mail.repliesPerDay else {
            throw refuse("the member limits must be at least the limits for strangers")
        }
        guard mail.domainMailPerDay >= 1, mail.mailPerDay >= mail.domainMailPerDay else {
            throw refuse("mail.mail_per_day must be at least mail.domain_mail_per_day, which must be positive")
        }
        guard mail.outboxKeepDays >= 0 else { throw refuse("mail.outbox_keep_days must not be negative") }
        try dns.validate()
    }
}

extension CAConfiguration {
    /// Reads `config.toml`.
    package init(toml text: String) throws {
        let document = try TOMLDocument(parsing: text)
        // A misspelt key is an error, not a default silently kept: every key is one `vouch init`
        // writes, and the line of the first stranger is named.
        if let (path, line) = document.lines.filter({ !Self.knownKeys.contains($0.key) }).min(by: {
            $0.value < $1.value
        }) {
            throw AuthorityError(
                .invalidConfiguration,
                path.hasPrefix("policy.")
                    ? "config.toml line \(line): [policy] has no setting '\(path.dropFirst("policy.".count))'"
                    : "config.toml line \(line): unknown key '\(path)'; the keys are those `vouch init` writes"
            )
        }
        func string(_ path: String) throws -> String {
            guard case .string(let value)? = document[path] else {
                throw AuthorityError(.invalidConfiguration, "config.toml: '\(path)' must be a quoted string")
            }
            return value
        }
        func optionalInteger(_ path: String) throws -> Int? {
            switch document[path] {
            case nil: return nil
            case .integer(let value)?: return value
            default: throw AuthorityError(.invalidConfiguration, "config.toml: '\(path)' must be an integer")
            }
        }
        func optionalString(_ path: String) throws -> String? {
            switch document[path] {
            case nil: return nil
            case .string(let value)?: return value
            default: throw AuthorityError(.invalidConfiguration, "config.toml: '\(path)' must be a quoted string")
            }
        }
        func locales() throws -> [String] {
            guard let value = document["site.locales"] else { return SiteSettings.defaultLocales }
            guard case .strings(let tags) = value, !tags.isEmpty else {
                throw AuthorityError(
                    .invalidConfiguration,
                    "config.toml: 'site.locales' must be a list of language tags, the default first: [\"en\", \"de\"]"
                )
            }
            for tag in tags where !SiteSettings.isLocaleTag(tag) {
                throw AuthorityError(
                    .invalidConfiguration,
                    "config.toml: 'site.locales' has \"\(tag)\"; a locale is two or three lower-case letters (en, de, fr)"
                )
            }
            guard Set(tags).count == tags.count else {
                throw AuthorityError(.invalidConfiguration, "config.toml: 'site.locales' names a locale twice")
            }
            return tags
        }
        func keySpec(_ path: String) throws -> KeySpec {
            let raw = try string(path)
            guard let spec = KeySpec(rawValue: raw) else {
                throw AuthorityError(
                    .invalidConfiguration,
                    "config.toml: '\(path)' = \"\(raw)\" is not one of \(KeySpec.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return spec
        }
        let site = SiteSettings(
            output: try optionalString("site.output") ?? "site",
            templates: try optionalString("site.templates") ?? "Templates",
            content: try optionalString("site.content") ?? "Content",
            locales: try locales()
        )
        let mail = MailSettings(
            transport: try optionalString("mail.transport") ?? "maildir",
            sendmail: try optionalString("mail.sendmail") ?? "/usr/sbin/sendmail",
            maximumMessageBytes: try optionalInteger("mail.max_message_bytes") ?? 10 * 1024 * 1024,
            probesPerDay: try optionalInteger("mail.probes_per_day") ?? 3,
            memberProbesPerDay: try optionalInteger("mail.member_probes_per_day") ?? 20,
            requestExpiryHours: try optionalInteger("mail.request_expiry_hours") ?? 48,
            repliesPerDay: try optionalInteger("mail.replies_per_day") ?? 10,
            memberMailPerDay: try optionalInteger("mail.member_mail_per_day") ?? 60,
            domainMailPerDay: try optionalInteger("mail.domain_mail_per_day") ?? 100,
            mailPerDay: try optionalInteger("mail.mail_per_day") ?? 5_000,
            outboxKeepDays: try optionalInteger("mail.outbox_keep_days") ?? 0
        )
        let dns = try DNSSettings(
            mode: try optionalString("dns.mode"),
            resolver: try optionalString("dns.resolver"),
            trustAnchor: try optionalString("dns.trust_anchor"),
            timeoutSeconds: try optionalInteger("dns.timeout_seconds"),
            caaIdentities: try optionalString("dns.caa_identities")
        )
        let policy = try Self.policy(overriding: try Self.policyOverrides(document))
        let crlValidityDays: Int = try optionalInteger("crl.validity_days") ?? 7
        let crlShards: Int = try optionalInteger("crl.shards") ?? 16
        var noticeDays = [30, 14, 3]
        if let text = try optionalString("mail.expiry_notice_days") {
            let parsed = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                throw AuthorityError(
                    .invalidConfiguration,
                    "config.toml: 'mail.expiry_notice_days' must list days, such as \"30, 14, 3\""
                )
            }
            noticeDays = parsed.compactMap { $0 }
        }
        let arlValidityDays: Int = try optionalInteger("crl.arl_validity_days") ?? 365
        let rootLifetimeDays: Int = try optionalInteger("lifetimes.root_days") ?? 20 * 365 + 5
        let issuingLifetimeDays: Int = try optionalInteger("lifetimes.issuing_days") ?? 8 * 365 + 2
        try self.init(
            name: try string("ca.name"),
            country: try string("ca.country"),
            mailDomain: try string("ca.mail_domain"),
            baseURL: try string("ca.base_url"),
            publicationURL: try string("ca.publication_url"),
            policyOID: try string("ca.policy_oid"),
            rootKey: try keySpec("keys.root"),
            issuingKey: try keySpec("keys.issuing"),
            crlValidityDays: crlValidityDays,
            arlValidityDays: arlValidityDays,
            rootLifetimeDays: rootLifetimeDays,
            issuingLifetimeDays: issuingLifetimeDays,
            policy: policy,
            site: site,
            mail: mail,
            publicSuffixList: try optionalString("names.public_suffix_list") ?? Self.debianPublicSuffixList,
            crlShards: crlShards,
            expiryNoticeDays: noticeDays,
            dns: dns
        )
    }

    private static func policyOverrides(_ document: TOMLDocument) throws -> [String: Int] {
        var overrides: [String: Int] = [:]
        for (path, value) in document.values where path.hasPrefix("policy.") {
            guard case .integer(let number) = value else {
                throw AuthorityError(.invalidConfiguration, "config.toml: '\(path)' must be an integer")
            }
            overrides[String(path.dropFirst("policy.".count))] = number
        }
        return overrides
    }

    /// Every key `config.toml` may hold: those `vouch init` writes, and the demo's `dns.mode`.
    static let knownKeys: Set<String> = {
        guard
            let sample = try? CAConfiguration(
                name: "Known Keys",
                mailDomain: "ca.example.org",
                baseURL: "https://ca.example.org"
            ), let document = try? TOMLDocument(parsing: sample.toml)
        else { return [] }
        return Set(document.values.keys).union(["dns.mode"])
    }()

    /// The `config.toml` text for these settings.
    package var toml: String {
        var document = TOMLDocument()
        document.set("ca", "name", .string(name))
        document.set("ca", "country", .string(country))
        document.set("ca", "mail_domain", .string(mailDomain))
        document.set("ca", "base_url", .string(baseURL))
        document.set("ca", "publication_url", .string(publicationURL))
        document.set("ca", "policy_oid", .string(policyOID))
        document.set("keys", "root", .string(rootKey.rawValue))
        document.set("keys", "issuing", .string(issuingKey.rawValue))
        document.set("crl", "validity_days", .integer(crlValidityDays))
        document.set("crl", "arl_validity_days", .integer(arlValidityDays))
        document.set("crl", "shards", .integer(crlShards))
        document.set("names", "public_suffix_list", .string(publicSuffixList))
        document.set("lifetimes", "root_days", .integer(rootLifetimeDays))
        document.set("lifetimes", "issuing_days", .integer(issuingLifetimeDays))
        document.set("site", "output", .string(site.output))
        document.set("site", "templates", .string(site.templates))
        document.set("site", "content", .string(site.content))
        document.set("site", "locales", .strings(site.locales))
        document.set("mail", "transport", .string(mail.transport))
        document.set("mail", "sendmail", .string(mail.sendmail))
        document.set("mail", "max_message_bytes", .integer(mail.maximumMessageBytes))
        document.set("mail", "probes_per_day", .integer(mail.probesPerDay))
        document.set("mail", "request_expiry_hours", .integer(mail.requestExpiryHours))
        document.set("mail", "replies_per_day", .integer(mail.repliesPerDay))
        document.set("mail", "member_probes_per_day", .integer(mail.memberProbesPerDay))
        document.set("mail", "member_mail_per_day", .integer(mail.memberMailPerDay))
        document.set("mail", "domain_mail_per_day", .integer(mail.domainMailPerDay))
        document.set("mail", "mail_per_day", .integer(mail.mailPerDay))
        document.set("mail", "outbox_keep_days", .integer(mail.outboxKeepDays))
        document.set("mail", "expiry_notice_days", .string(expiryNoticeDays.map(String.init).joined(separator: ", ")))
        dns.write(into: &document)
        // Written out in full so the operator sees every number the rules use.
        for (name, value) in (try? Self.policyNumbers(policy)) ?? [] {
            document.set("policy", name, .integer(value))
        }
        return "# Vouch CA configuration, written by `vouch init`.\n" + document.text
    }
}

/// Where the site generator reads and writes.
package struct SiteSettings: Sendable, Hashable {
    package var output: String
    package var templates: String
    package var content: String
    /// The languages of the site and the robot's mail, the default first: the default's pages are at
    /// the top of the site, every other one's under `/LOCALE/`, and a member who asked for none gets
    /// the default.
    package var locales: [String]

    package static let defaultLocales = ["en", "de"]
    /// The language of the files at the top of `Templates/` and `Content/`, which every translation
    /// falls back to.
    package static let baseLocale = "en"

    /// Two or three lower-case letters: a locale, and the name of its translation folder.
    package static func isLocaleTag(_ tag: String) -> Bool {
        (2...3).contains(tag.unicodeScalars.count) && tag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    /// The locale every mail and page falls back to.
    package var defaultLocale: String { locales.first ?? "en" }

    /// The locale a member's mail and page are in: theirs if the CA speaks it, else the default.
    package func locale(of language: String?) -> String {
        language.flatMap(locale) ?? defaultLocale
    }

    /// The folder of `locale`'s translation under `Templates/` and `Content/`; nil for English, whose
    /// files are at the top.
    package static func translationFolder(_ locale: String) -> String? {
        locale == baseLocale ? nil : locale
    }

    /// Where `locale`'s pages are in the site: "" for the default, `de/` for German.
    package func sitePrefix(_ locale: String) -> String {
        locale == defaultLocale ? "" : "\(locale)/"
    }

    /// The address of `locale`'s home, from the site's `baseURL`, without a trailing slash.
    package func baseURL(_ baseURL: String, locale: String) -> String {
        locale == defaultLocale ? baseURL : "\(baseURL)/\(locale)"
    }

    /// `tag` if the CA speaks it, else nil.
    package func locale(_ tag: String) -> String? {
        let lowered = tag.lowercased()
        return locales.first { $0 == lowered }
    }

    /// Relative paths are taken from the current directory and stored absolute.
    package init(
        output: String = "site",
        templates: String = "Templates",
        content: String = "Content",
        locales: [String] = SiteSettings.defaultLocales
    ) {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: path).standardizedFileURL.path
        }
        self.output = absolute(output)
        self.templates = absolute(templates)
        self.content = absolute(content)
        self.locales = locales
    }
}

/// How the mail robot receives and sends.
package struct MailSettings: Sendable, Hashable {
    /// "maildir": replies stay in `mail/outbox/` for any MTA to pick up; "sendmail": the outbound job
    /// hands them to `sendmail -t -oi`.
    package var transport: String
    package var sendmail: String
    /// Larger messages are answered with a polite refusal instead of being parsed.
    package var maximumMessageBytes: Int
    /// Probes to one address (case and `+tag` folded) per 24 hours, so nobody can use the CA to flood
    /// a stranger.
    package var probesPerDay: Int
    /// Probes per 24 hours to a member's own verified primary address, which a real member needs more
    /// of (register, an address, a domain and a CSR on one day).
    package var memberProbesPerDay: Int
    /// Unconfirmed requests expire after this long.
    package var requestExpiryHours: Int
    /// Mails per 24 hours to one address that is not a verified member's, of every kind together; past
    /// it, requests are recorded and not answered, so a forged sender cannot make the robot a source of
    /// unwanted mail.
    package var repliesPerDay: Int
    /// Mails per 24 hours to one verified member's address.
    package var memberMailPerDay: Int
    /// Mails per 24 hours to all addresses of one domain.
    package var domainMailPerDay: Int
    /// Mails per 24 hours in all: the robot's global cap.
    package var mailPerDay: Int
    /// Days a mail stays in the outbox's cur/ once the transport has taken it (0: removed at once);
    /// probes carry tokens, which should not linger.
    package var outboxKeepDays: Int

    package init(
        transport: String = "maildir",
        sendmail: String = "/usr/sbin/sendmail",
        maximumMessageBytes: Int = 10 * 1024 * 1024,
        probesPerDay: Int = 3,
        memberProbesPerDay: Int = 20,
        requestExpiryHours: Int = 48,
        repliesPerDay: Int = 10,
        memberMailPerDay: Int = 60,
        domainMailPerDay: Int = 100,
        mailPerDay: Int = 5_000,
        outboxKeepDays: Int = 0
    ) {
        self.transport = transport
        self.sendmail = sendmail
        self.maximumMessageBytes = maximumMessageBytes
        self.probesPerDay = probesPerDay
        self.memberProbesPerDay = memberProbesPerDay
        self.requestExpiryHours = requestExpiryHours
        self.repliesPerDay = repliesPerDay
        self.memberMailPerDay = memberMailPerDay
        self.domainMailPerDay = domainMailPerDay
        self.mailPerDay = mailPerDay
        self.outboxKeepDays = outboxKeepDays
    }
}
