import Foundation
import Store

/// One assurance as `vouch assurance list` shows it: who, how many points, and any ruling.
package struct AssuranceListing: Sendable, Codable, Hashable {
    package var id: Int64
    package var assurer: String
    package var assuree: String
    package var points: Int
    package var meetingDate: String
    package var location: String
    package var method: String
    package var documents: String
    package var recorded: String
    package var revoked: String?
    package var revocationReason: String?
}

extension CertificateAuthority {
    /// Every assurance, or those `member` (any of their addresses) received or gave, oldest first.
    package func assuranceListing(member address: String? = nil) throws -> [AssuranceListing] {
        var assurances: [Assurance]
        if let address {
            guard let member = try memberOwning(address) else {
                throw AuthorityError(.unknownMember, "no member has the address \(address)")
            }
            assurances = try store.assurances(receivedBy: member.id) + store.assurances(givenBy: member.id)
            assurances.sort { $0.id < $1.id }
        } else {
            assurances = try store.allAssurances()
        }
        var emails: [Int64: String] = [:]
        func email(_ id: Int64) throws -> String {
            if let known = emails[id] { return known }
            let found = try store.member(id: id)?.primaryEmail ?? "#\(id)"
            emails[id] = found
            return found
        }
        return try assurances.map {
            AssuranceListing(
                id: $0.id,
                assurer: try email($0.assurerID),
                assuree: try email($0.assureeID),
                points: $0.points,
                meetingDate: $0.meetingDate,
                location: $0.location,
                method: $0.method.rawValue,
                documents: $0.documents,
                recorded: Self.timestamp($0.recordedAt),
                revoked: $0.revokedAt.map(Self.timestamp),
                revocationReason: $0.revocationReason
            )
        }
    }
}
