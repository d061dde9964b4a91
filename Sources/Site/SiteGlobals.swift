import Authority
import Foundation
import Policy

/// What every page may show about the CA: its names and addresses and every number of its policy,
/// so that documents say `{{policy.nameMinPoints}}` and always agree with the configuration.
struct SiteGlobals: Codable, Hashable {
    struct Step: Codable, Hashable {
        var from: String
        var maximumDays: Int
        var defaultDays: Int
    }

    struct Award: Codable, Hashable {
        var experience: Int
        var award: Int
    }

    var caName: String
    var mailDomain: String
    var baseURL: String
    var publicationURL: String
    var policyOID: String
    var policy: PolicyConfiguration
    var maximumTotalPoints: Int
    var challengePassCount: Int
    var highestAward: Int
    var awards: [Award]
    var tlsSteps: [Step]
    var domainReuseSteps: [Step]
    /// Today's TLS limits.
    var tlsMaximumDays: Int
    var tlsDefaultDays: Int
    var crlValidityDays: Int
    var arlValidityDays: Int
    /// How often the CRL job re-signs a CRL without a revocation (CRLJob).
    var crlResignDays: Int
    var probesPerDay: Int
    var requestExpiryHours: Int
    var repliesPerDay: Int

    init(configuration: CAConfiguration, now: Date) {
        let policy = configuration.policy
        caName = configuration.name
        mailDomain = configuration.mailDomain
        baseURL = configuration.baseURL
        publicationURL = configuration.publicationURL
        policyOID = configuration.policyOID
        self.policy = policy
        maximumTotalPoints = policy.maximumTotalPoints
        challengePassCount = policy.challengePassCount
        highestAward = policy.highestAward
        awards = policy.awardTable.map { Award(experience: $0.minimumExperience, award: $0.maximumAward) }
        tlsSteps = policy.tlsLifetimeTable.sorted { $0.effectiveFrom < $1.effectiveFrom }.map {
            Step(from: SiteDates.day($0.effectiveFrom), maximumDays: $0.maximumDays, defaultDays: $0.defaultDays)
        }
        domainReuseSteps = policy.domainValidationReuseTable.sorted { $0.effectiveFrom < $1.effectiveFrom }.map {
            Step(from: SiteDates.day($0.effectiveFrom), maximumDays: $0.days, defaultDays: $0.days)
        }
        tlsMaximumDays = policy.tlsMaximumDays(at: now)
        tlsDefaultDays = policy.tlsDefaultDays(at: now)
        crlValidityDays = configuration.crlValidityDays
        arlValidityDays = configuration.arlValidityDays
        crlResignDays = 3
        probesPerDay = configuration.mail.probesPerDay
        requestExpiryHours = configuration.mail.requestExpiryHours
        repliesPerDay = configuration.mail.repliesPerDay
    }

    /// A hash of everything here, for page input hashes.
    var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var hasher = ContentHasher()
        hasher.add((try? encoder.encode(self)).map { Array($0) } ?? [])
        return hasher.hex
    }
}

/// Dates as the site writes them: UTC, ISO 8601.
enum SiteDates {
    /// `YYYY-MM-DD`. By hand with `gmtime_r`: a date formatter per call (ICU) cost more than the
    /// rest of a member page.
    static func day(_ date: Date) -> String {
        if date == .distantPast { return "—" }
        let parts = utc(date)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    }

    /// `YYYY-MM-DD HH:MM UTC`.
    static func minute(_ date: Date) -> String {
        let parts = utc(date)
        return day(date) + " \(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)) UTC"
    }

    private static func utc(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private static func pad(_ value: Int32, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func atom(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
