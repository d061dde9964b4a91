/// What a mailed request asks for: the robot address it came to, or what intake found wrong with it.
/// Raw values are the spelling stored in the database.
package enum RequestKind: String, Sendable, Hashable, CaseIterable, Codable {
    case register
    case email
    case domain
    case csr
    case revoke
    case assure
    case challenge
    case status
    /// A reply to a probe (`verify+TOKEN@`).
    case verify
    /// Mail to an address the robot does not have: it gets the list of addresses.
    case help
    /// Too large to read; the sender is told the limit.
    case oversize
    /// Could not be parsed; the sender is told so.
    case malformed
}
