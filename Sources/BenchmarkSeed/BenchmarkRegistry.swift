import Foundation
import GRDB
import Store

/// What a benchmark registry holds, so a benchmark can reuse a seeded file and size its walks.
package struct BenchmarkSeedSummary: Sendable, Hashable {
    package var members: Int
    package var certificates: Int
    /// Certificates per issuing CA id; the walks pick the largest issuer and time a smaller one.
    package var certificatesByIssuer: [Int64: Int]
    /// False for a seed that was interrupted: its last transaction, with the `benchmark.seed` audit
    /// row, never committed, and its sizes are not the ones asked for.
    package var complete: Bool
}

/// The benchmarks' synthetic registries, kept out of the production Store module: they write the
/// registry's file through a connection of their own, with raw SQL, and reach the Store only for
/// the one audit row that says the contents are synthetic.
extension Store {
    /// The names of the synthetic CAs; their presence marks a file as a benchmark registry.
    package static let benchmarkCANames: [CARole: String] = [
        .root: "Vouch Benchmark Root (synthetic)",
        .smime: "Vouch Benchmark S/MIME (synthetic)",
        .tls: "Vouch Benchmark TLS (synthetic)",
        .codeSigning: "Vouch Benchmark Code Signing (synthetic)",
    ]

    /// Fills an **empty** registry with a synthetic community for the scale benchmark: issuing CAs,
    /// `members` members with one verified address each, a verified domain for every tenth, a few
    /// assurances from a pool of assurers (with their challenge attempts), `certificatesPerMember`
    /// certificates each with a small fake DER blob (about 1 % revoked, key-compromise keys blocked),
    /// requests with their probes, job runs and CRL numbers. `progress` gets the members seeded so far.
    ///
    /// Not a production path, and deliberately unlike one: rows go in through prepared statements in
    /// transactions of 20,000 members, **without an audit row per change**. The audit chain exists to
    /// make real changes to a real registry tamper-evident; hashing millions of invented rows would only
    /// make the seed slow and the log a lie about who did what. A single `benchmark.seed` audit row
    /// records instead that the contents are synthetic. No job calls this; it refuses a registry that
    /// already has members or CAs, so it cannot be pointed at a real one by mistake.
    package func seedForBenchmark(
        path: String,
        members: Int,
        certificatesPerMember: Int,
        progress: (Int) -> Void
    ) throws {
        guard members >= 10, certificatesPerMember >= 1 else {
            throw StoreError(.malformedInput, "a benchmark registry needs at least 10 members and 1 certificate each")
        }
        do {
            // The Store holds the file open; this second connection writes while the Store is idle.
            try DatabaseQueue(path: path).writeWithoutTransaction { db in
                let existing = try Int.fetchOne(
                    db,
                    sql: "SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM issuing_cas)"
                )
                guard existing == 0 else {
                    throw StoreError(
                        .memberExists,
                        "the benchmark seeds only an empty registry; this one already has members or CAs"
                    )
                }
                // A big page cache while seeding keeps the random-order index inserts (SPKI, email) in
                // memory; the default is restored for whoever uses this connection next.
                let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -524288")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
                var seeder = try BenchmarkSeeder(
                    db: db,
                    members: members,
                    certificatesPerMember: certificatesPerMember
                )
                try db.inTransaction(.immediate) {
                    try seeder.insertIssuingCAs()
                    return .commit
                }
                let chunk = 20_000
                for start in stride(from: 1, through: members, by: chunk) {
                    try db.inTransaction(.immediate) {
                        for member in start...min(start + chunk - 1, members) {
                            try seeder.insertMember(Int64(member))
                        }
                        return .commit
                    }
                    progress(min(start + chunk - 1, members))
                }
                try db.inTransaction(.immediate) {
                    try seeder.insertJobRunsAndCRLNumbers()
                    return .commit
                }
            }
            // Last, through the Store's own chain: a seed stopped before this is not complete.
            try appendAudit(
                action: "benchmark.seed",
                subject: "registry",
                details: [
                    "members": "\(members)",
                    "certificatesPerMember": "\(certificatesPerMember)",
                    "note": "synthetic rows written without per-row audit, for timing only",
                ]
            )
        } catch let error as DatabaseError {
            throw StoreError(.database, "seeding the benchmark registry failed: \(error.message ?? "\(error)")")
        }
    }

    /// Nil unless this file was made by `seedForBenchmark`; otherwise its sizes.
    package func benchmarkSeedSummary(path: String) throws -> BenchmarkSeedSummary? {
        guard let smimeName = Self.benchmarkCANames[.smime], try issuingCA(named: smimeName) != nil else {
            return nil
        }
        return try DatabaseQueue(path: path).read { db in
            let members = try Int.fetchOne(db, sql: "SELECT count(*) FROM members") ?? 0
            var byIssuer: [Int64: Int] = [:]
            // Counted from the (issuer_id, serial_hex) index, without touching the table.
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT issuer_id, count(*) AS n FROM certificates GROUP BY issuer_id"
            )
            while let row = try rows.next() {
                byIssuer[try row.decode(forColumn: "issuer_id")] = try row.decode(forColumn: "n")
            }
            let lastAction = try String.fetchOne(
                db,
                sql: "SELECT action FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
            )
            return BenchmarkSeedSummary(
                members: members,
                certificates: byIssuer.values.reduce(0, +),
                certificatesByIssuer: byIssuer,
                complete: lastAction == "benchmark.seed"
            )
        }
    }
}

/// The row generator behind `seedForBenchmark`: prepared statements bound per row, with
/// deterministic values so two seeds of the same size are the same registry (bar random ids).
private struct BenchmarkSeeder {
    let db: Database
    let members: Int
    let certificatesPerMember: Int
    /// The first members are the assurers; real communities have few assurers and many assurees.
    let assurerPool: Int64
    let insertCA: Statement
    let insertMember: Statement
    let insertEmail: Statement
    let insertDomain: Statement
    let insertAssurance: Statement
    let insertChallenge: Statement
    let insertCertificate: Statement
    let insertBlockedKey: Statement
    let insertRequest: Statement
    let insertProbe: Statement
    let insertProbeLink: Statement
    let insertJobRun: Statement
    let insertCRLNumber: Statement
    /// Text timestamps for the days from 2023-01-01 on, in GRDB's stored format, computed once
    /// because formatting a `Date` per row would dominate the seed.
    let days: [String]
    var issuerIDs: [CARole: Int64] = [:]
    var nextCertificateID: Int64 = 1
    var nextAssuranceID: Int64 = 1

    init(db: Database, members: Int, certificatesPerMember: Int) throws {
        self.db = db
        self.members = members
        self.certificatesPerMember = certificatesPerMember
        assurerPool = Int64(max(10, members / 100))
        insertCA = try db.makeStatement(
            sql: """
                INSERT INTO issuing_cas (name, purpose, certificate_der, key_path, created_at)
                VALUES (?, ?, ?, ?, ?)
                """
        )
        insertMember = try db.makeStatement(
            sql: """
                INSERT INTO members (id, name, date_of_birth, primary_email, status_page_id, blocked, created_at)
                VALUES (?, ?, ?, ?, ?, 0, ?)
                """
        )
        insertEmail = try db.makeStatement(
            sql: """
                INSERT INTO emails (id, address, member_id, added_at, verified_at, verification_method)
                VALUES (?, ?, ?, ?, ?, 'probe-reply')
                """
        )
        insertDomain = try db.makeStatement(
            sql: """
                INSERT INTO domains (name, member_id, added_at, verified_at, verification_method, contact)
                VALUES (?, ?, ?, ?, 'BR 3.2.2.4.4', ?)
                """
        )
        insertAssurance = try db.makeStatement(
            sql: """
                INSERT INTO assurances (id, assurer_id, assuree_id, points, meeting_date, location, method,
                                        documents, cap_signed, recorded_at)
                VALUES (?, ?, ?, ?, ?, 'Benchmark City', ?, 'passport', 1, ?)
                """
        )
        insertChallenge = try db.makeStatement(
            sql: """
                INSERT INTO challenge_attempts (member_id, started_at, questions, answers, score, passed, graded_at)
                VALUES (?, ?, ?, ?, 23, 1, ?)
                """
        )
        insertCertificate = try db.makeStatement(
            sql: """
                INSERT INTO certificates (id, issuer_id, serial_hex, profile, subject, sans, not_before, not_after,
                                          spki_sha256, der, member_id, recorded_at, revoked_at, revocation_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        insertBlockedKey = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO blocked_keys (spki_sha256, reason, added_at) VALUES (?, 'keyCompromise', ?)"
        )
        insertRequest = try db.makeStatement(
            sql: """
                INSERT INTO requests (id, kind, state, sender, sender_key, message_ref, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        insertProbe = try db.makeStatement(
            sql: """
                INSERT INTO probes (token_sha256, purpose, target, request_id, created_at, expires_at)
                VALUES (?, 'email', ?, ?, ?, ?)
                """
        )
        insertProbeLink = try db.makeStatement(
            sql: "INSERT INTO probe_requests (probe_id, request_id) VALUES (last_insert_rowid(), ?)"
        )
        insertJobRun = try db.makeStatement(
            sql: "INSERT INTO job_runs (job, started_at, finished_at, outcome) VALUES (?, ?, ?, ?)"
        )
        insertCRLNumber = try db.makeStatement(
            sql: "INSERT INTO crl_numbers (issuer_id, last_number) VALUES (?, ?)"
        )
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let start = Date(timeIntervalSince1970: 1_672_531_200)  // 2023-01-01T00:00:00Z
        days = (0..<2000).map {
            formatter.string(from: start.addingTimeInterval(Double($0) * 86_400)) + " 12:00:00.000"
        }
    }

    mutating func insertIssuingCAs() throws {
        for role in [CARole.root, .smime, .tls, .codeSigning] {
            try run(
                insertCA,
                [
                    Store.benchmarkCANames[role] ?? role.rawValue, role.rawValue, Data([0x30, 0x03, 0x02, 0x01, 0x00]),
                    "/nonexistent/benchmark-has-no-keys", days[0],
                ]
            )
            issuerIDs[role] = db.lastInsertedRowID
        }
    }

    /// One member and everything that hangs off them, so `progress` can count members.
    mutating func insertMember(_ id: Int64) throws {
        let email = "member\(id)@bench.vouch.example"
        let joined = day(id)
        try run(
            insertMember,
            [
                id, "Benchmark Member \(id)",
                "\(1950 + id % 55)-\(Self.twoDigits(1 + id % 12))-\(Self.twoDigits(1 + id % 28))", email,
                RandomID.base32(characters: 26), joined,
            ]
        )
        try run(insertEmail, [id, email, id, joined, joined])
        let domain: String? = id % 10 == 0 ? "m\(id).bench.vouch.example" : nil
        if let domain {
            try run(insertDomain, [domain, id, joined, joined, "admin@\(domain)"])
        }
        try insertAssurances(for: id)
        if id <= assurerPool {
            let questions = "[" + (1...25).map { "\"q\($0)\"" }.joined(separator: ",") + "]"
            try run(insertChallenge, [id, joined, questions, questions, joined])
        }
        try insertCertificates(for: id, email: email, domain: domain)
        if id % 10 == 3 {
            try insertRequest(for: id, email: email)
        }
    }

    /// Zero to three assurances per member, each from a distinct earlier member of the pool.
    private mutating func insertAssurances(for assuree: Int64) throws {
        let count = [0, 1, 2, 3, 3, 2, 1][Int(assuree % 7)]
        let base = (assuree &* 7919) % assurerPool
        for k in 0..<Int64(count) {
            let assurer = 1 + (base + k) % assurerPool
            guard assurer < assuree else { continue }
            try run(
                insertAssurance,
                [
                    nextAssuranceID, assurer, assuree, 10 + (assuree + k) % 26, String(day(assuree).prefix(10)),
                    k == 2 ? "ttpAssisted" : "faceToFace", day(assuree),
                ]
            )
            nextAssuranceID += 1
        }
    }

    /// S/MIME for everyone, TLS for half the certificates of members with a domain, one code-signing
    /// certificate for every twentieth member. Consecutive certificates share a key (a renewal).
    private mutating func insertCertificates(for member: Int64, email: String, domain: String?) throws {
        for index in 0..<Int64(certificatesPerMember) {
            let id = nextCertificateID
            nextCertificateID += 1
            let role: CARole
            let profile: String
            let sans: String
            if let domain, index % 2 == 0 {
                (role, profile, sans) = (.tls, "tls", "[\"\(domain)\"]")
            } else if member % 20 == 5, index == 0 {
                (role, profile, sans) = (.codeSigning, "codesign", "[]")
            } else {
                (role, profile, sans) = (.smime, "smime", "[\"\(email)\"]")
            }
            let spki = Self.hex(words: 4, seed: (member << 20) | (index / 2))
            let start = Int((member + index * 97) % 1500)
            let revoked = id % 100 == 37
            let reason = ["keyCompromise", "superseded", "cessationOfOperation", "affiliationChanged"][
                Int(id / 100 % 4)
            ]
            // Serials are SplitMix64 of the id, so unique per issuer and in random order like real ones.
            let serial = "1" + Self.hex(words: 1, seed: id)
            var der = Data([0x30, 0x81, 0x7d])
            der.append(contentsOf: (0..<125).map { UInt8(truncatingIfNeeded: id &* 31 &+ Int64($0)) })
            try run(
                insertCertificate,
                [
                    id, issuerIDs[role], serial, profile, "CN=Benchmark Member \(member)", sans, days[start],
                    days[start + 365], spki, der, member, days[start], revoked ? days[start + 30] : nil,
                    revoked ? reason : nil,
                ]
            )
            if revoked, reason == "keyCompromise" {
                try run(insertBlockedKey, [spki, days[start + 30]])
            }
        }
    }

    private func insertRequest(for member: Int64, email: String) throws {
        let states = ["done", "done", "waiting-confirmation", "received", "expired", "rejected"]
        let received = day(member)
        let requestID = member / 10 + 1
        try run(
            insertRequest,
            [
                requestID, ["register", "csr", "revoke"][Int(member % 3)], states[Int(member / 10 % 6)], email,
                email, "bench-\(member).eml", received, received,
            ]
        )
        try run(
            insertProbe,
            [Self.hex(words: 4, seed: -member), email, requestID, received, days[Int(member % 1500) + 2]]
        )
        try run(insertProbeLink, [requestID])
    }

    /// One run of each job per day over the seeded period (one day in fifty failed, so "last
    /// success" has something to skip), and a current CRL number per issuer.
    func insertJobRunsAndCRLNumbers() throws {
        for (index, started) in days.prefix(1500).enumerated() {
            for job in ["mail-intake", "crl", "site", "expiry"] {
                try run(insertJobRun, [job, started, days[index + 1], index % 50 == 7 ? "failed" : "ok"])
            }
        }
        for role in [CARole.smime, .tls, .codeSigning] {
            try run(insertCRLNumber, [issuerIDs[role], 1500])
        }
    }

    private func day(_ n: Int64) -> String { days[Int(n % 1500)] }

    private func run(_ statement: Statement, _ arguments: StatementArguments) throws {
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }

    private static func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `words` × 16 lower-case hex digits of SplitMix64, a bijection, so distinct seeds never collide.
    private static func hex(words: Int, seed: Int64) -> String {
        var text = ""
        for word in 0..<words {
            var z = UInt64(bitPattern: seed) &* 4 &+ UInt64(word) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let digits = String(z, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }
}
