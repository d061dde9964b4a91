import Foundation
import Policy

/// The `[policy]` section of `config.toml`: every number of the policy by its snake_case name
/// (`smime_days_high = 730`). The date tables (award steps, TLS lifetimes, validation reuse) keep
/// their defaults; they follow the rules' own dates, not the operator's taste.
extension CAConfiguration {
    /// The policy's numbers by their config names, in a stable order.
    static func policyNumbers(_ policy: PolicyConfiguration) throws -> [(String, Int)] {
        try policyFields(policy).map { (snakeCase($0.key), $0.value) }.sorted { $0.0 < $1.0 }
    }

    /// The policy's numbers by their Swift names (`smimeDaysHigh`), as documents and questions cite them.
    static func policyFields(_ policy: PolicyConfiguration) throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(policy)) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
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

    /// Limits from the Baseline Requirements that no configuration may exceed (Policy decides).
    private static func checkLimits(_ policy: PolicyConfiguration) throws {
        if let violation = policy.configurationViolations().first {
            throw AuthorityError(.invalidConfiguration, "config.toml: [policy] \(violation.reason)")
        }
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
