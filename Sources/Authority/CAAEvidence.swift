import Foundation

/// What the CAA check before an issuance found (TLS BR 3.2.2.8 asks the CA to keep it): for each
/// name, where its Relevant RRset was, the records, every lookup's DNSSEC state, and the decision.
package struct CAAEvidence: Sendable, Hashable, Codable {
    package var checkedAt: Date
    /// False only for the offline demo, whose evidence then says so in `note`.
    package var checked: Bool
    package var note: String?
    /// The issuer domain names that mean this CA.
    package var identities: [String]
    package var resolver: String
    package var names: [CAANameEvidence]

    /// Whether every name may be issued for.
    package var permitted: Bool { names.allSatisfy(\.permitted) }

    /// The names CAA forbids, each with its reason.
    package var refusals: [CAANameEvidence] { names.filter { !$0.permitted } }

    /// One line per name, for a mail or a log line.
    package var summary: String {
        if !checked { return note ?? "CAA not checked" }
        return names.map { "\($0.name): \($0.permitted ? "permitted" : "refused"): \($0.reason)" }.joined(
            separator: "\n"
        )
    }

    /// The evidence as stable JSON (sorted keys, ISO 8601 dates), for the audit log or an
    /// issuance record.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The CAA check of one name.
package struct CAANameEvidence: Sendable, Hashable, Codable {
    package var name: String
    package var permitted: Bool
    package var reason: String
    /// Where the Relevant RRset was found; nil when no name up to the top-level domain had one.
    package var relevantDomain: String?
    /// The Relevant RRset in presentation form (`0 issue "ca.example.org"`).
    package var records: [String]
    /// Each name asked, in order, with what came back.
    package var lookups: [CAALookupEvidence]
}

/// One CAA lookup on the way up the tree.
package struct CAALookupEvidence: Sendable, Hashable, Codable {
    package var name: String
    /// "secure", "insecure", "bogus", or "failed".
    package var dnssec: String
    /// How many CAA records came back (0 for NXDOMAIN and NODATA).
    package var records: Int
    /// Set when the lookup gave no usable answer.
    package var error: String?
}
