import Authority
import Foundation
import PKI
import Store

/// Every CA certificate of the registry with its trust: what a release is made from.
///
/// Anchors are the roots that are not retired, each trusted for the purposes of the issuing CAs it
/// signed that are not retired either. Issuing CAs ship as intermediates (never anchors). A retired
/// CA leaves the anchors and is listed as distrusted wherever a format can say so.
package struct TrustSet: Sendable {
    package struct Entry: Sendable {
        package enum Status: String, Sendable, Hashable {
            case anchor
            case intermediate
            case distrusted
        }

        /// The registry's name of the CA ("root", "tls" …).
        package let name: String
        package let role: CARole
        package let certificate: Certificate
        /// The certificate's commonName: the label every format shows.
        package let label: String
        package let status: Status
        /// For anchors: what they are trusted for.
        package let purposes: [TrustPurpose]
        /// For retired CAs: why.
        package let retirementReason: String?
        package let sha256: String

        /// A label made of ASCII letters, digits, `.`, `-` and `_`, for file names that
        /// `update-ca-certificates` and every archive tool take as they are.
        package var fileStem: String {
            let mapped = label.unicodeScalars.map { scalar -> Character in
                let ascii =
                    scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "-.".unicodeScalars.contains(scalar))
                return ascii ? Character(scalar) : "_"
            }
            let stem = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "_."))
            return stem.isEmpty ? name : stem
        }
    }

    /// Sorted by role (roots first) and then SHA-256, so every format lists them in one stable order.
    package let entries: [Entry]

    package init(entries: [Entry]) {
        self.entries = entries.sorted {
            ($0.role == .root ? 0 : 1, $0.sha256) < ($1.role == .root ? 0 : 1, $1.sha256)
        }
    }

    /// The CA set of `authority`'s registry as it is now.
    package init(_ authority: CertificateAuthority) throws {
        let retired = Dictionary(uniqueKeysWithValues: try authority.store.retiredCAs().map { ($0.caID, $0.reason) })
        let records = try authority.store.issuingCAs()
        let certificates = try records.map { try Certificate(der: Array($0.certificateDER)) }
        var entries: [Entry] = []
        for (record, certificate) in zip(records, certificates) {
            let reason = retired[record.id]
            var purposes: [TrustPurpose] = []
            let status: Entry.Status
            if reason != nil {
                status = .distrusted
            } else if record.purpose == .root {
                status = .anchor
                let key = try certificate.publicKey
                for (other, issued) in zip(records, certificates)
                where other.purpose != .root && retired[other.id] == nil && issued.isSigned(by: key) {
                    purposes += issued.extendedKeyUsages.compactMap(TrustPurpose.init(oid:))
                }
                purposes = Array(Set(purposes)).sorted()
            } else {
                status = .intermediate
            }
            entries.append(
                Entry(
                    name: record.name,
                    role: record.purpose,
                    certificate: certificate,
                    label: certificate.subject.commonName ?? record.name,
                    status: status,
                    purposes: purposes,
                    retirementReason: reason,
                    sha256: try certificate.sha256Fingerprint.hex
                )
            )
        }
        // Labels name objects in certdata.txt and p11-kit files, which tools look up by label:
        // two CAs with one commonName (a renewed root) are told apart by their fingerprint.
        let counts = Dictionary(grouping: entries, by: \.label).mapValues(\.count)
        entries = entries.map { entry in
            guard counts[entry.label, default: 0] > 1 else { return entry }
            return Entry(
                name: entry.name,
                role: entry.role,
                certificate: entry.certificate,
                label: "\(entry.label) \(entry.sha256.prefix(8))",
                status: entry.status,
                purposes: entry.purposes,
                retirementReason: entry.retirementReason,
                sha256: entry.sha256
            )
        }
        self.init(entries: entries)
    }

    package var anchors: [Entry] { entries.filter { $0.status == .anchor } }
    package var intermediates: [Entry] { entries.filter { $0.status == .intermediate } }
    package var distrusted: [Entry] { entries.filter { $0.status == .distrusted } }

    /// One line per CA, tab-separated: what a release records as its inputs, and what the next
    /// release compares with to write CHANGES. The same set always gives the same text.
    package var canonicalText: String {
        entries.map { entry in
            [
                entry.sha256, entry.role.rawValue, entry.status.rawValue,
                entry.purposes.map(\.rawValue).joined(separator: ","), Self.flattened(entry.label),
                Self.flattened(entry.retirementReason ?? ""),
            ].joined(separator: "\t") + "\n"
        }.joined()
    }

    private static func flattened(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }
}

/// One CA as an earlier release recorded it (a line of `TrustSet.canonicalText`).
struct RecordedEntry: Hashable {
    let sha256: String
    let role: String
    let status: String
    let purposes: [String]
    let label: String
    let reason: String

    static func parse(_ text: String) -> [RecordedEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6 else { return nil }
            return RecordedEntry(
                sha256: fields[0],
                role: fields[1],
                status: fields[2],
                purposes: fields[3].split(separator: ",").map(String.init),
                label: fields[4],
                reason: fields[5]
            )
        }
    }
}
