extension PolicyConfiguration {
    /// Every way this configuration passes a limit of the Baseline Requirements (or of sense), in
    /// order; empty when an operator may run it. `config.toml` is refused with the first.
    public func configurationViolations() -> [PolicyViolation] {
        func violation(_ reason: String) -> PolicyViolation {
            PolicyViolation(code: .configurationLimit, reason: reason)
        }
        var violations: [PolicyViolation] = []
        if !(smimeDaysLow >= 1 && smimeDaysLow <= smimeDaysHigh && smimeDaysCeiling <= 825) {
            violations.append(
                violation(
                    "S/MIME lifetimes must satisfy 1 ≤ low ≤ high and a ceiling of at most 825 days (S/MIME BR 6.3.2)"
                )
            )
        }
        if !(1...460).contains(codeSigningMaxDays) {
            violations.append(violation("code_signing_max_days must be 1 to 460 (Code Signing BR 6.3.2)"))
        }
        if !(1...24).contains(probeLifetimeHours) {
            violations.append(
                violation(
                    "probe_lifetime_hours must be 1 to 24 (S/MIME BR 3.2.2: the random value is valid 24 hours at most)"
                )
            )
        }
        if !(0...30).contains(emailValidationReuseDays) {
            violations.append(violation("email_validation_reuse_days must be 0 to 30 (S/MIME BR 4.2.1)"))
        }
        if !(maxAssurancePoints >= 1 && challengeQuestions >= 1 && (1...100).contains(challengePassPercent)) {
            violations.append(
                violation("points, challenge questions and the pass mark must be positive (pass mark at most 100)")
            )
        }
        if !(challengeTokenDays >= 1 && challengeAttemptsPerDay >= 1 && meetingMaxAgeDays >= 0) {
            violations.append(
                violation(
                    "challenge_token_days and challenge_attempts_per_day must be at least 1, meeting_max_age_days at least 0"
                )
            )
        }
        return violations
    }
}
