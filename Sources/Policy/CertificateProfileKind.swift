/// The kinds of certificate Vouch issues; raw values are the robot's `Profile:` words.
public enum CertificateProfileKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Mailbox-validated S/MIME (S/MIME BR, MAILBOX-STRICT).
    case smime
    /// Domain-validated TLS server (TLS BR, DV).
    case tls
    /// Individual code signing with the assured name.
    case codeSigning = "codesign"
}
