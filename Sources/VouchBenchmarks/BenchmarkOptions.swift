import Foundation

/// The command line of `vouch-bench`. Parsed by hand: the benchmark is the one executable that must
/// build with nothing but the Store and GRDB, so it can be run on a machine without the full CLI.
struct BenchmarkOptions: Sendable {
    var members = 1_000_000
    var certificatesPerMember = 5
    /// Nil: a file under `.build/benchmarks/` named after the sizes, so a rerun reuses its seed.
    var databasePath: String?
    var jsonPath: String?
    /// K: timed rounds per query and tool; the medians are over these.
    var runs = 7
    /// Each round runs a query enough times to last about this long, because the `sqlite3` shell
    /// can only be timed from outside and a single point query is shorter than that overhead.
    var batchMilliseconds = 20
    var sqlite3 = "sqlite3"

    static let usage = """
        usage: vouch-bench [--members N] [--certificates-per-member M] [--database PATH] [--json PATH]
                           [--runs K] [--batch-ms MS] [--sqlite3 PATH]

        Seeds a synthetic registry (or reuses the seeded file at PATH), checks that every named Store
        query is answered from an index, times each one through GRDB and through the sqlite3 shell on
        the same file, and walks all members and one issuer's certificates with the Store's cursors
        while watching the process's peak RSS. Defaults: 1,000,000 members, 5 certificates each, 7 runs.
        """

    var resolvedDatabasePath: String {
        databasePath ?? ".build/benchmarks/registry-\(members)x\(certificatesPerMember).sqlite"
    }

    /// Nil when `--help` was asked for.
    static func parse(_ arguments: [String]) throws -> BenchmarkOptions? {
        var options = BenchmarkOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" {
                return nil
            }
            let (name, inlineValue) = split(argument)
            guard let value = inlineValue ?? remaining.popFirst() else {
                throw UsageError("\(name) needs a value")
            }
            switch name {
            case "--members": options.members = try count(value, for: name, minimum: 10)
            case "--certificates-per-member": options.certificatesPerMember = try count(value, for: name, minimum: 1)
            case "--database": options.databasePath = value
            case "--json": options.jsonPath = value
            case "--runs": options.runs = try count(value, for: name, minimum: 1)
            case "--batch-ms": options.batchMilliseconds = try count(value, for: name, minimum: 1)
            case "--sqlite3": options.sqlite3 = value
            default: throw UsageError("unknown option \(name)")
            }
        }
        return options
    }

    /// Accepts both `--name value` and `--name=value`.
    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// Accepts `1000000` and `1_000_000` alike, as people copy numbers from the README.
    private static func count(_ text: String, for name: String, minimum: Int) throws -> Int {
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= minimum else {
            throw UsageError("\(name) takes a whole number of at least \(minimum), not \"\(text)\"")
        }
        return value
    }
}

/// A command line the benchmark cannot run; the message says what to change.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
