import Store

/// The robot addresses of DESIGN.md's mail contract, by their local part at the CA's mail domain.
package enum RobotAddress: Hashable, Sendable {
    case register
    case email
    case domain
    case status
    case csr
    case revoke
    case assure
    case challenge
    /// `verify+TOKEN@`: a reply to a probe.
    case verify(token: String)
    /// `challenge+TOKEN@`: the answers to an Assurer Challenge.
    case challengeAnswer(token: String)
    /// Any other address, or mail that names none of the CA's.
    case other

    /// The request kind stored in the registry.
    package var kind: RequestKind {
        switch self {
        case .register: return .register
        case .email: return .email
        case .domain: return .domain
        case .status: return .status
        case .csr: return .csr
        case .revoke: return .revoke
        case .assure: return .assure
        case .challenge, .challengeAnswer: return .challenge
        case .verify: return .verify
        case .other: return .help
        }
    }

    /// Classifies `mailbox` (an addr-spec). Local parts are compared without case, since mail systems
    /// may fold it; so is the token, which is why it is lower-case base32.
    package init(mailbox: String, mailDomain: String) {
        let lowered = mailbox.lowercased()
        guard let at = lowered.lastIndex(of: "@"), lowered[lowered.index(after: at)...] == mailDomain.lowercased()
        else {
            self = .other
            return
        }
        let local = lowered[..<at]
        if local.hasPrefix("verify+") {
            self = .verify(token: String(local.dropFirst("verify+".count)))
            return
        }
        if local.hasPrefix("challenge+") {
            self = .challengeAnswer(token: String(local.dropFirst("challenge+".count)))
            return
        }
        switch local {
        case "register": self = .register
        case "email": self = .email
        case "domain": self = .domain
        case "status": self = .status
        case "csr": self = .csr
        case "revoke": self = .revoke
        case "assure": self = .assure
        case "challenge": self = .challenge
        default: self = .other
        }
    }
}
