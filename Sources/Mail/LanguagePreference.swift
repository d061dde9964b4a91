/// The languages a message suggests its sender reads, from `Content-Language` (RFC 3282: the
/// language the sender wrote in) and then `Accept-Language` (what the sender's program says they
/// read, by `q` weight), as lower-case primary subtags: `de-AT, en;q=0.5` gives `de`, `en`.
package enum LanguagePreference {
    package static func languages(contentLanguage: String?, acceptLanguage: String?) -> [String] {
        var found: [String] = []
        func add(_ tag: Substring) {
            let primary = tag.split(separator: "-").first.map { $0.trimmingWhitespace.lowercased() } ?? ""
            guard (1...8).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }),
                !found.contains(primary)
            else { return }
            found.append(primary)
        }
        for tag in (contentLanguage ?? "").split(separator: ",") { add(Substring(tag.trimmingWhitespace)) }
        let weighted = (acceptLanguage ?? "").split(separator: ",").enumerated().compactMap {
            index,
            item -> (tag: Substring, weight: Double, index: Int)? in
            let parts = item.split(separator: ";")
            guard let tag = parts.first.map({ Substring($0.trimmingWhitespace) }), !tag.isEmpty, tag != "*" else {
                return nil
            }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace }
                if pair.count == 2, pair[0].lowercased() == "q" { weight = Double(pair[1]) ?? 0 }
            }
            return weight > 0 ? (tag, weight, index) : nil
        }
        for entry in weighted.sorted(by: { ($0.weight, -$0.index) > ($1.weight, -$1.index) }) { add(entry.tag) }
        return found
    }
}

extension StringProtocol {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
