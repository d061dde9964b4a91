import Foundation

/// The languages a message suggests its sender reads, from `Content-Language` (RFC 3282: the
/// language the sender wrote in) and then `Accept-Language` (what the sender's program says they
/// read, by `q` weight), as lower-case primary subtags: `de-AT, en;q=0.5` gives `de`, `en`.
package enum LanguagePreference {
    package static func languages(contentLanguage: String?, acceptLanguage: String?) -> [String] {
        var found: [String] = []
        func add(_ tag: String) {
            let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
            guard (1...8).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }),
                !found.contains(primary)
            else { return }
            found.append(primary)
        }
        for tag in (contentLanguage ?? "").split(separator: ",") {
            add(tag.trimmingCharacters(in: .whitespaces))
        }
        // Each item is a tag with `;q=` as its parameter, as in a Content-Type.
        let weighted = (acceptLanguage ?? "").split(separator: ",").enumerated().compactMap {
            index,
            item -> (tag: String, weight: Double, index: Int)? in
            let (tag, parameters) = MIMEParameters.parse(String(item))
            let weight = parameters["q"].map { Double($0) ?? 0 } ?? 1
            return tag.isEmpty || tag == "*" || weight <= 0 ? nil : (tag, weight, index)
        }
        for entry in weighted.sorted(by: { ($0.weight, -$0.index) > ($1.weight, -$1.index) }) { add(entry.tag) }
        return found
    }
}
