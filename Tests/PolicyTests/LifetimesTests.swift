import Foundation
import Policy
import Testing

@Suite("Lifetimes and reuse periods")
struct LifetimesTests {
    @Test(
        "TLS maximum and default on both sides of each date (TLS BR 6.3.2)",
        arguments: [
            ("2020-01-01T00:00:00Z", 398, 397),
            ("2026-03-14T23:59:59Z", 398, 397),
            ("2026-03-15T00:00:00Z", 200, 199),
            ("2027-03-14T23:59:59Z", 200, 199),
            ("2027-03-15T00:00:00Z", 100, 99),
            ("2029-03-14T23:59:59Z", 100, 99),
            ("2029-03-15T00:00:00Z", 47, 46),
            ("2040-01-01T00:00:00Z", 47, 46),
        ]
    )
    func tls(at instant: String, maximum: Int, recommended: Int) {
        #expect(policy.tlsMaximumDays(at: utc(instant)) == maximum)
        #expect(policy.tlsDefaultDays(at: utc(instant)) == recommended)
        #expect(policy.lifetimeDays(for: .tls, points: 0, at: utc(instant)) == recommended)
    }

    @Test("S/MIME: 180 days below 50 points, 730 from 50", arguments: [(0, 180), (49, 180), (50, 730), (100, 730)])
    func smime(points: Int, expected: Int) {
        #expect(policy.smimeLifetimeDays(points: points) == expected)
        #expect(policy.lifetimeDays(for: .smime, points: points, at: utc("2026-06-01T00:00:00Z")) == expected)
    }

    @Test("S/MIME never exceeds 825 days")
    func smimeCeiling() {
        let generous = PolicyConfiguration(smimeDaysLow: 900, smimeDaysHigh: 1_000)
        #expect(generous.smimeLifetimeDays(points: 10) == 825)
        #expect(generous.smimeLifetimeDays(points: 60) == 825)
    }

    @Test("Code signing: 460 days")
    func codeSigning() {
        #expect(policy.codeSigningLifetimeDays == 460)
        #expect(policy.lifetimeDays(for: .codeSigning, points: 100, at: utc("2026-06-01T00:00:00Z")) == 460)
    }

    @Test("Lifetimes count inclusively", arguments: [1, 199, 200, 730])
    func inclusive(lifetime: Int) {
        let start = utc("2026-03-15T00:00:00Z")
        let end = policy.notAfter(notBefore: start, days: lifetime)
        #expect(end.timeIntervalSince(start) + 1 == days(lifetime))
    }

    @Test(
        "Domain validation reuse on both sides of each date (TLS BR 4.2.1)",
        arguments: [
            ("2026-03-14T23:59:59Z", 398),
            ("2026-03-15T00:00:00Z", 200),
            ("2027-03-14T23:59:59Z", 200),
            ("2027-03-15T00:00:00Z", 100),
            ("2029-03-14T23:59:59Z", 100),
            ("2029-03-15T00:00:00Z", 10),
        ]
    )
    func domainReuse(at instant: String, period: Int) {
        let now = utc(instant)
        #expect(policy.domainValidationReuseDays(at: now) == period)
        #expect(policy.mayReuseDomainValidation(validatedAt: now - days(period), at: now))
        #expect(!policy.mayReuseDomainValidation(validatedAt: now - days(period) - 1, at: now))
    }

    @Test("A validation from the future is not reused")
    func futureValidation() {
        let now = utc("2026-06-01T00:00:00Z")
        #expect(!policy.mayReuseDomainValidation(validatedAt: now + 2, at: now))
        #expect(!policy.mayReuseEmailValidation(validatedAt: now + 2, at: now))
        #expect(policy.mayReuseDomainValidation(validatedAt: now, at: now))
        // Within the registry's clock granularity (a second) a validation counts as now.
        #expect(policy.mayReuseEmailValidation(validatedAt: now + 0.5, at: now))
    }

    @Test("Email validation reuse: 30 days (S/MIME BR)")
    func emailReuse() {
        let now = utc("2026-06-01T00:00:00Z")
        #expect(policy.mayReuseEmailValidation(validatedAt: now - days(30), at: now))
        #expect(!policy.mayReuseEmailValidation(validatedAt: now - days(30) - 1, at: now))
    }

    @Test("Probes live 24 hours")
    func probes() {
        let sent = utc("2026-06-01T12:00:00Z")
        #expect(policy.probeExpiry(sentAt: sent) == utc("2026-06-02T12:00:00Z"))
        #expect(policy.isProbeValid(sentAt: sent, at: sent))
        #expect(policy.isProbeValid(sentAt: sent, at: utc("2026-06-02T11:59:59Z")))
        #expect(!policy.isProbeValid(sentAt: sent, at: utc("2026-06-02T12:00:00Z")))
        #expect(!policy.isProbeValid(sentAt: sent, at: sent - 1))
    }
}
