import GRDB

extension Row {
    /// Decodes a text column into a `String`-backed enum, refusing (not trapping on) a value a
    /// hand edit or a newer version may have left behind.
    func decodeEnum<Value: RawRepresentable>(
        _ type: Value.Type,
        forColumn column: String
    ) throws -> Value where Value.RawValue == String {
        let raw: String = try decode(forColumn: column)
        guard let value = Value(rawValue: raw) else {
            throw StoreError(.corruptRow, "column \(column) holds \"\(raw)\", which this version does not know")
        }
        return value
    }

    /// Decodes a column holding a JSON array of strings.
    func decodeStringList(forColumn column: String) throws -> [String] {
        let raw: String = try decode(forColumn: column)
        return try StringList.decode(raw, column: column)
    }
}
