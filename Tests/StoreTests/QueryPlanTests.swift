import Foundation
import Testing

@testable import Store

@Suite("Query plans")
struct QueryPlanTests {
    /// Every query the Store runs is answered from an index: no `SCAN` of a table that grows with
    /// members or certificates, and no temporary sort. Whole-table walks are allowed only where
    /// they are the point (site builds, audit verification), and even those must not sort.
    @Test(arguments: Store.namedQueriesForPlanCheck)
    func usesAnIndex(query: NamedQuery) throws {
        let database = try TestDatabase()
        let plan = try database.store.explainQueryPlan(query)
        let scans = plan.filter { $0.hasPrefix("SCAN") }
        if !query.scansByDesign {
            #expect(scans.isEmpty, "\(query.name) scans: \(plan)")
        }
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(query.name) sorts: \(plan)")
    }

    @Test func everyQueryIsListedOnce() {
        let names = Store.namedQueriesForPlanCheck.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 30)
    }
}
