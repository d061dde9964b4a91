import Foundation
import Policy

/// The `[policy]` section of `config.toml`: every number of the policy by its snake_case name
/// (`smime_days_high = 730`). The date tables (award steps, TLS lifetimes, validation reuse) keep
/// their defaults; they follow the rules' own dates, not the operator's taste.
extension CAConfiguration {
    /// The policy's numbers by their config names, in a stable order.
    static func policyNumbers(_ policy: PolicyConfiguration) throws -> [(String, Int)] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(policy)) as? [String: Any] ?? [:]
        return object.compactMap { key, value in (value as? Int).map { (snakeCase(key), $0) } }.sorted { $0.0 < $1.0 }
    }

    /// The default policy with `overrides` (config names → numbers) applied, checked against the
    /// limits no configuration may pass.
    static func policy(overriding overrides: [String: Int]) throws -> PolicyConfiguration {
        guard !overrides.isEmpty else { return .standard }
        var object =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(PolicyConfiguration.standard)) as? [String: Any]
            ?? [:]
        let known = Dictionary(uniqueKeysWithValues: object.keys.map { (snakeCase($0), $0) })
        for (name, value) in overrides {
            guard let key = known[name], object[key] is Int else {
                throw AuthorityError(.invalidConfiguration, "config.toml: [policy] has no setting '\(name)'")
            }
            object[key] = value
        }
        let policy = try JSONDecoder().decode(
            PolicyConfiguration.self,
            from: JSONSerialization.data(withJSONObject: object)
        )
        try checkLimits(policy)
        return policy
    }

    /// Limits from the Baseline Requirements that no configuration may exceed.
    private static func checkLimits(_ policy: PolicyConfiguration) throws {
        func refuse(_ reason: String) -> AuthorityError {
            AuthorityError(.invalidConfiguration, "config.toml: [policy] \(reason)")
        }
        guard policy.smimeDaysLow >= 1, policy.smimeDaysLow <= policy.smimeDaysHigh,
            policy.smimeDaysCeiling <= 825
        else {
            throw refuse(
                "S/MIME lifetimes must satisfy 1 ≤ low ≤ high and a ceiling of at most 825 days (S/MIME BR 6.3.2)"
            )
        }
        guard (1...460).contains(policy.codeSigningMaxDays) else {
            throw refuse("code_signing_max_days must be 1 to 460 (Code Signing BR 6.3.2)")
        }
        guard (1...24).contains(policy.probeLifetimeHours) else {
            throw refuse(
                "probe_lifetime_hours must be 1 to 24 (S/MIME BR 3.2.2: the random value is valid 24 hours at most)"
            )
        }
        guard (0...30).contains(policy.emailValidationReuseDays) else {
            throw refuse("email_validation_reuse_days must be 0 to 30 (S/MIME BR 4.2.1)")
        }
        guard policy.maxAssurancePoints >= 1, policy.challengeQuestions >= 1,
            (1...100).contains(policy.challengePassPercent)
        else { throw refuse("points, challenge questions and the pass mark must be positive (pass mark at most 100)") }
    }

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else if character.isNumber, let last = result.last, !last.isNumber {
                result += "_\(character)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
