/// How an assurance was made.
public enum AssuranceMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// The assurer met the assuree in person and saw their identity documents (Assurance Policy §4.1).
    case faceToFace = "face-to-face"
    /// A trusted third party (notary, lawyer) checked the documents (TTP-Assisted-Assurance Policy); capped and counted
    /// at most twice.
    case ttpAssisted = "ttp-assisted"
}
