import Foundation

/// Lists of strings (SANs, challenge questions) live in one JSON text column: they are always
/// read whole and never queried element by element, so a child table would only add joins.
enum StringList {
    static func encode(_ list: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding an array of strings cannot fail.
        let data = (try? encoder.encode(list)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String, column: String) throws -> [String] {
        guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StoreError(.corruptRow, "column \(column) is not a JSON array of strings")
        }
        return list
    }

    static func decodeObject(_ text: String, column: String) throws -> [String: String] {
        guard let object = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw StoreError(.corruptRow, "column \(column) is not a JSON object of strings")
        }
        return object
    }

    /// A JSON object with sorted keys, so the same details always produce the same audit bytes.
    static func encodeObject(_ object: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
