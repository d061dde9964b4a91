import Foundation

/// The CHANGES file: one entry per release, newest first, saying what was added, retired or
/// distrusted since the release before, and why.
enum ChangeLog {
    /// The entry of a release made from `current`, after one made from `previous` (nil: the first).
    static func entry(version: String, releasedAt: Date, previous: [RecordedEntry]?, current: TrustSet) -> String {
        var retired: [String] = []
        var added: [String] = []
        var changed: [String] = []
        let before = Dictionary((previous ?? []).map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })

        for entry in current.entries {
            let what = "\"\(entry.label)\" (\(entry.role == .root ? "root CA" : "issuing CA"), SHA-256 \(entry.sha256))"
            let purposes = entry.purposes.map(\.displayName).joined(separator: ", ")
            guard let old = before[entry.sha256] else {
                switch entry.status {
                case .anchor: added.append("Added \(what) as a trust anchor for \(purposes).")
                case .intermediate:
                    added.append("Added \(what), signed by the root; shipped in intermediates/, not an anchor.")
                case .distrusted:
                    added.append(
                        "Added \(what) as distrusted: it is retired. Reason: \(entry.retirementReason ?? "none given")."
                    )
                }
                continue
            }
            if old.status != entry.status.rawValue, entry.status == .distrusted {
                retired.append(
                    "Retired \(what): no longer an anchor or intermediate; listed as distrusted in the p11-kit file and certdata.txt. Reason: \(entry.retirementReason ?? "none given")."
                )
            } else if old.status != entry.status.rawValue {
                changed.append("\(what) is now \(entry.status.rawValue) (was \(old.status)).")
            } else if entry.status == .anchor, old.purposes != entry.purposes.map(\.rawValue) {
                let was = old.purposes.compactMap { TrustPurpose(rawValue: $0)?.displayName }.joined(separator: ", ")
                changed.append(
                    "Trust of \(what) changed: now for \(purposes.isEmpty ? "nothing" : purposes) (was \(was))."
                )
            }
        }
        let present = Set(current.entries.map(\.sha256))
        for old in previous ?? [] where !present.contains(old.sha256) {
            changed.append("Removed \"\(old.label)\" (SHA-256 \(old.sha256)): no longer in the registry.")
        }
        // What packagers must act on first: what is no longer trusted.
        var lines = (previous == nil ? ["First release."] : []) + retired + added + changed
        if lines.isEmpty { lines.append("Rebuilt without changes to the CA set.") }
        let header = "\(version) (\(Self.timestamp(releasedAt)))\n"
        return header + lines.map { "  * " + wrapped($0) }.joined(separator: "\n") + "\n"
    }

    /// Lines of at most 100 columns, continued under the text of their bullet.
    private static func wrapped(_ text: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > 96 {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n    ")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
