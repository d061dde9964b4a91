/// The CAA processing rules of RFC 8659 and TLS BR 3.2.2.8, as pure functions of the records found:
/// no lookups, no clock, so a table covers every case.
package enum CAARule {
    /// Property tags this CA understands; a critical property with any other tag forbids issuance
    /// (RFC 8659 §4.1). `contactemail` and `contactphone` are the BR's (3.2.2.4.13, 3.2.2.4.15).
    package static let understoodTags: Set<String> = ["issue", "issuewild", "iodef", "contactemail", "contactphone"]

    /// The names whose CAA RRsets are looked up for `name`, in order, until one is not empty:
    /// the name itself, then each parent, never the root (RFC 8659 §3). A wildcard's search starts
    /// at the name below the `*` label (TLS BR 3.2.2.8).
    package static func searchOrder(for name: String) -> [String] {
        var current = name.lowercased()
        if current.hasSuffix(".") { current.removeLast() }
        if current.hasPrefix("*.") { current.removeFirst(2) }
        var order: [String] = []
        while !current.isEmpty {
            order.append(current)
            guard let dot = current.firstIndex(of: ".") else { break }
            current = String(current[current.index(after: dot)...])
        }
        return order
    }

    /// Whether this CA may issue a certificate containing `name`, given the Relevant RRset found
    /// at `foundAt` (empty when no name up to the top-level domain had CAA records).
    package static func decide(
        name: String,
        relevantSet: [CAARecord],
        foundAt: String?,
        identities: [String]
    ) -> CAADecision {
        let place = foundAt ?? name
        guard !relevantSet.isEmpty else {
            return CAADecision(
                permitted: true,
                reason: "no CAA records at \(name) or above it: any CA may issue (RFC 8659 §3)"
            )
        }
        if let critical = relevantSet.first(where: { $0.isCritical && !understoodTags.contains($0.normalisedTag) }) {
            return CAADecision(
                permitted: false,
                reason:
                    "the CAA record \(place). CAA \(critical.presentation) is marked critical, and its tag '\(critical.tag)' is one this CA does not understand, so no certificate may be issued (RFC 8659 §4.1)"
            )
        }
        let isWildcard = name.hasPrefix("*.")
        let issueWild = relevantSet.filter { $0.normalisedTag == "issuewild" }
        let issue = relevantSet.filter { $0.normalisedTag == "issue" }
        // RFC 8659 §4.3: issuewild, when present, replaces issue for wildcard names and is ignored
        // for all others.
        let (properties, kind) = isWildcard && !issueWild.isEmpty ? (issueWild, "issuewild") : (issue, "issue")
        guard !properties.isEmpty else {
            let only = issueWild.isEmpty ? "" : " (its issuewild records apply to wildcard names only)"
            return CAADecision(
                permitted: true,
                reason: "the CAA records at \(place) have no \(kind) property\(only): any CA may issue for \(name)"
            )
        }
        let wanted = Set(identities.map { $0.lowercased() })
        let values = properties.map { CAAIssuerValue($0.value) }
        if let match = values.compactMap({ $0?.issuer }).first(where: { wanted.contains($0) }) {
            return CAADecision(
                permitted: true,
                reason: "the CAA \(kind) records at \(place) name \(match), this CA"
            )
        }
        let named = values.compactMap { $0?.issuer }
        let identity = identities.first ?? ""
        let advice =
            "; to allow this CA, the domain's operator adds \(place). CAA 0 \(kind) \"\(identity)\""
        if named.isEmpty {
            let malformed = values.contains { $0 == nil }
            return CAADecision(
                permitted: false,
                reason: malformed
                    ? "the CAA \(kind) records at \(place) cannot be read (\(properties.map(\.presentation).joined(separator: ", "))), and an unreadable record authorises no CA (RFC 8659 §4.2)\(advice)"
                    : "the CAA record \(place). CAA 0 \(kind) \";\" forbids every CA to issue for \(name)\(advice)"
            )
        }
        let others = Array(Set(named)).sorted().joined(separator: ", ")
        return CAADecision(
            permitted: false,
            reason:
                "the CAA \(kind) records at \(place) allow only \(others), not this CA (\(identities.joined(separator: ", ")))\(advice)"
        )
    }
}

/// What the CAA rules say for one name.
package struct CAADecision: Sendable, Hashable {
    package let permitted: Bool
    /// Says why, for the member and for the issuance's evidence.
    package let reason: String
}
