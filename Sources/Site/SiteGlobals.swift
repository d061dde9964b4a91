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
        maximumTotalPoints = policy.maxAssurancePoints + policy.maxExperience
        challengePassCount = (policy.challengeQuestions * policy.challengePassPercent + 99) / 100
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
    static func day(_ date: Date) -> String {
        if date == .distantPast { return "—" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    static func atom(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
