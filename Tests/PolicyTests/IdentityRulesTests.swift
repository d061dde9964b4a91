import Foundation
import Policy
import Testing

@Suite("Field rules and configuration limits")
struct IdentityRulesTests {
    static let today = day("2026-12-02")

    @Test(
        "A date of birth is a real day, in the past, at most 130 years back",
        arguments: [
            ("1980-04-01", PolicyViolation.Code?.none),
            (" 2000-02-29 ", nil),
            ("1895-12-03", nil),
            ("1895-12-02", .implausibleDateOfBirth),
            ("2026-12-02", .implausibleDateOfBirth),
            ("2027-01-01", .implausibleDateOfBirth),
            ("2001-02-29", .malformedDateOfBirth),
            ("1980-13-01", .malformedDateOfBirth),
            ("01.04.1980", .malformedDateOfBirth),
            ("", .malformedDateOfBirth),
        ]
    )
    func dateOfBirth(text: String, code: PolicyViolation.Code?) {
        switch IdentityRules.dateOfBirth(text, today: Self.today) {
        case .success: #expect(code == nil, "\(text)")
        case .failure(let violation): #expect(violation.code == code, "\(text)")
        }
    }

    @Test(
        "Only the constructed addresses of TLS BR 3.2.2.4.4 prove a domain",
        arguments: [
            ("admin", true), ("Administrator", true), ("webmaster", true), ("HOSTMASTER", true), ("postmaster", true),
            ("root", false), ("info", false), ("admin+x", false), ("", false),
        ]
    )
    func contact(contact: String, allowed: Bool) {
        #expect((IdentityRules.contactViolation(contact) == nil) == allowed)
    }

    @Test(
        "A configuration within the Baseline Requirements passes; each limit is named",
        arguments: [
            ("smimeDaysCeiling", 826, "825 days"),
            ("smimeDaysLow", 0, "1 ≤ low ≤ high"),
            ("codeSigningMaxDays", 461, "Code Signing BR"),
            ("probeLifetimeHours", 25, "24 hours"),
            ("emailValidationReuseDays", 31, "S/MIME BR 4.2.1"),
            ("challengePassPercent", 101, "pass mark"),
            ("challengeAttemptsPerDay", 0, "challenge_attempts_per_day"),
        ]
    )
    func limits(setting: String, value: Int, reason: String) {
        #expect(PolicyConfiguration.standard.configurationViolations().isEmpty)
        var changed = PolicyConfiguration.standard
        switch setting {
        case "smimeDaysCeiling": changed.smimeDaysCeiling = value
        case "smimeDaysLow": changed.smimeDaysLow = value
        case "codeSigningMaxDays": changed.codeSigningMaxDays = value
        case "probeLifetimeHours": changed.probeLifetimeHours = value
        case "emailValidationReuseDays": changed.emailValidationReuseDays = value
        case "challengePassPercent": changed.challengePassPercent = value
        default: changed.challengeAttemptsPerDay = value
        }
        let found = changed.configurationViolations()
        #expect(found.count == 1 && found[0].code == .configurationLimit, "\(found)")
        #expect(found.first?.reason.contains(reason) == true, "\(found)")
    }
}
