import Foundation

/// What a member may write as a date of birth, whether what an assurer read on a document matches
/// the record, and which constructed addresses prove control of a domain: the rules the robot
/// applies to `register@`, `assure@` and `domain@` fields.
public enum IdentityRules {
    /// The oldest age a date of birth may give; anything older is a typing mistake.
    public static let maximumAge = 130

    /// A date of birth as written (`YYYY-MM-DD`), checked: a real calendar day, before `today`, and
    /// not more than `maximumAge` years back.
    public static func dateOfBirth(_ text: String, today: CalendarDay) -> Result<CalendarDay, PolicyViolation> {
        guard let day = CalendarDay(iso8601: text.trimmingCharacters(in: .whitespaces)), day.isValid else {
            return .failure(
                PolicyViolation(code: .malformedDateOfBirth, reason: "write the date of birth as YYYY-MM-DD")
            )
        }
        guard day < today, day.wholeYears(until: today) <= maximumAge else {
            return .failure(
                PolicyViolation(
                    code: .implausibleDateOfBirth,
                    reason: "the date of birth cannot be right; write it as YYYY-MM-DD"
                )
            )
        }
        return .success(day)
    }

    /// The constructed addresses whose mailbox proves control of a domain (TLS BR 3.2.2.4.4).
    public static let constructedContacts = ["admin", "administrator", "webmaster", "hostmaster", "postmaster"]

    /// Whether `contact` (the local part a member wrote) is one of `constructedContacts`, in any case.
    public static func contactViolation(_ contact: String) -> PolicyViolation? {
        guard !constructedContacts.contains(contact.lowercased()) else { return nil }
        return PolicyViolation(
            code: .notAConstructedContact,
            reason:
                "write 'Contact:' with one of \(constructedContacts.joined(separator: ", ")) (TLS Baseline Requirements 3.2.2.4.4)"
        )
    }

    /// Whether what an assurer saw on the identity document matches what the assuree registered
    /// (Assurance Policy §8): the name letter by letter, after the normalisation registration
    /// applies (Unicode NFC, runs of spaces as one), and the date of birth as a calendar day.
    /// The fields that differ, in `IdentityField` order; empty when both match. A stated date that is not a
    /// calendar day differs.
    public static func mismatches(
        statedName: String,
        statedDateOfBirth: String,
        recordedName: String,
        recordedDateOfBirth: CalendarDay
    ) -> [IdentityField] {
        var fields: [IdentityField] = []
        let stated = try? PersonName.normalised(statedName).get()
        let recorded = (try? PersonName.normalised(recordedName).get()) ?? recordedName
        if stated == nil || stated != recorded {
            fields.append(.name)
        }
        if CalendarDay(iso8601: statedDateOfBirth.trimmingCharacters(in: .whitespaces)) != recordedDateOfBirth {
            fields.append(.dateOfBirth)
        }
        return fields
    }
}
