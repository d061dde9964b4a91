import GRDB

extension Store {
    /// Every query the Store runs, for `EXPLAIN QUERY PLAN` checks and benchmarks.
    package static var namedQueriesForPlanCheck: [NamedQuery] {
        Queries.all + DNSChallengeQueries.all + Queries.bundles + SiteQueries.all
    }

    /// The `detail` lines of SQLite's query plan for `query` on this database (parameters unbound:
    /// SQLite plans without looking at values unless STAT4 is compiled in and analysed).
    package func explainQueryPlan(_ query: NamedQuery) throws -> [String] {
        try read { db in
            let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + query.sql)
            // Parameters left unbound read as NULL, which is all planning needs.
            statement.setUncheckedArguments([])
            return try Row.fetchAll(statement).map { row in
                try row.decode(String.self, forColumn: "detail")
            }
        }
    }
}
