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
