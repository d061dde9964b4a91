import Foundation

extension PolicyConfiguration {
    /// S/MIME lifetime in days: `smimeDaysLow` below `nameMinPoints`, `smimeDaysHigh` from it, never above
    /// `smimeDaysCeiling` (S/MIME BR 6.3.2: 825 days; 180/730 after CAcert's 6 and 24 months).
    public func smimeLifetimeDays(points: Int) -> Int {
        min(points >= nameMinPoints ? smimeDaysHigh : smimeDaysLow, smimeDaysCeiling)
    }

    /// The longest TLS validity, in inclusively counted days, for a certificate issued at `issuance` (TLS BR 6.3.2).
    public func tlsMaximumDays(at issuance: Date) -> Int {
        tlsStep(at: issuance)?.maximumDays ?? 0
    }

    /// The TLS lifetime Vouch issues at `issuance`: the recommended value just under the maximum (TLS BR 6.3.2; pkilint
    /// warns above it).
    public func tlsDefaultDays(at issuance: Date) -> Int {
        guard let step = tlsStep(at: issuance) else {
            return 0
        }
        return min(step.defaultDays, step.maximumDays)
    }

    /// Code-signing lifetime in days (Code Signing BR 6.3.2: 460 days for certificates issued from 2026-03-01).
    public var codeSigningLifetimeDays: Int { codeSigningMaxDays }

    /// The lifetime in days Vouch gives a certificate of `profile` for a member with `points`, issued at `issuance`.
    public func lifetimeDays(for profile: CertificateProfileKind, points: Int, at issuance: Date) -> Int {
        switch profile {
        case .smime: smimeLifetimeDays(points: points)
        case .tls: tlsDefaultDays(at: issuance)
        case .codeSigning: codeSigningLifetimeDays
        }
    }

    /// `notAfter` for a lifetime of `days` counted inclusively: `notAfter − notBefore + 1 s = days × 86 400 s` (TLS BR
    /// 6.3.2, RFC 5280 §4.1.2.5).
    public func notAfter(notBefore: Date, days: Int) -> Date {
        notBefore.addingTimeInterval(TimeInterval(days) * 86_400 - 1)
    }

    /// Days a domain validation may be relied on for a certificate issued at `issuance` (TLS BR 4.2.1 and 3.2.2.4).
    public func domainValidationReuseDays(at issuance: Date) -> Int {
        domainValidationReuseTable.sorted { $0.effectiveFrom < $1.effectiveFrom }
            .last { $0.effectiveFrom <= issuance }?.days ?? 0
    }

    /// Whether a domain validation completed at `validatedAt` may still be relied on at `now` (TLS BR 4.2.1: no more
    /// than the reuse period before issuance).
    public func mayReuseDomainValidation(validatedAt: Date, at now: Date) -> Bool {
        Self.isWithin(days: domainValidationReuseDays(at: now), from: validatedAt, to: now)
    }

    /// Whether a mailbox-control validation completed at `validatedAt` may still be relied on at `now` (S/MIME BR 3.2.2
    /// and 4.2.1: 30 days).
    public func mayReuseEmailValidation(validatedAt: Date, at now: Date) -> Bool {
        Self.isWithin(days: emailValidationReuseDays, from: validatedAt, to: now)
    }

    /// When a probe sent at `sentAt` expires (S/MIME BR 3.2.2.2: the random value is valid for at most 24 hours).
    public func probeExpiry(sentAt: Date) -> Date {
        sentAt.addingTimeInterval(TimeInterval(probeLifetimeHours) * 3_600)
    }

    /// Whether a probe sent at `sentAt` may still be answered at `now` (S/MIME BR 3.2.2.2).
    public func isProbeValid(sentAt: Date, at now: Date) -> Bool {
        now >= sentAt && now < probeExpiry(sentAt: sentAt)
    }

    private func tlsStep(at issuance: Date) -> TLSLifetimeStep? {
        tlsLifetimeTable.sorted { $0.effectiveFrom < $1.effectiveFrom }.last { $0.effectiveFrom <= issuance }
    }

    // A validation from the future is never reused; one exactly `days` × 86 400 s old still is. Up to a
    // second ahead counts as now: the registry keeps times to the millisecond, and one recorded in this
    // very run may read back a hair later than the run's own clock.
    private static func isWithin(days: Int, from start: Date, to now: Date) -> Bool {
        let age = now.timeIntervalSince(start)
        return age >= -1 && age <= TimeInterval(days) * 86_400
    }
}
