import Foundation

/// A field of the assuree's record that an assurer compares with the identity document.
public enum IdentityField: String, Sendable, Hashable, Codable, CaseIterable {
    case name
    case dateOfBirth

    /// The body field an assurer writes it in.
    public var fieldName: String {
        switch self {
        case .name: return "Name"
        case .dateOfBirth: return "Date-Of-Birth"
        }
    }
}

/// Whether what an assurer saw on the identity document matches what the assuree registered (Assurance Policy,
/// checking identity documents): the name letter by letter, after the same normalisation registration applies
/// (Unicode NFC, runs of spaces as one), and the date of birth as a calendar day.
public enum IdentityMatch {
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
