/// One statement the Store runs, exposed (as text only) for plan checks and benchmarks.
package struct NamedQuery: Sendable, Hashable {
    /// The Store method that runs it.
    package var name: String
    package var sql: String
    /// True for deliberate whole-table walks; every other query must be answered from an index.
    package var scansByDesign: Bool

    init(_ name: String, _ sql: String, scansByDesign: Bool = false) {
        self.name = name
        self.sql = sql
        self.scansByDesign = scansByDesign
    }
}
