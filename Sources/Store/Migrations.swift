import GRDB

/// Schema history. GRDB records each applied migration in `grdb_migrations`, so running the
/// migrator on an up-to-date file does nothing and an empty file gets every version in order.
enum Migrations {
    /// The identifiers of every migration, oldest first; tests assert the file reports them all.
    static let identifiers = [
        "v1-registry", "v2-request-payload", "v3-requests-by-sender", "v4-issuance-and-robot", "dns-1-challenges",
        "bundles-1-releases", "site-1-statistics", "crl-1-covering-index", "wot-1-challenge-tokens",
        "i18n-1-member-language",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            for statement in Schema.version1 {
                try db.execute(sql: statement)
            }
        }
        // What a request asked for (the fields of its mail, parsed once at intake), so handlers
        // never re-parse a message and a resumed request knows what it was waiting to do.
        migrator.registerMigration("v2-request-payload") { db in
            try db.execute(sql: "ALTER TABLE requests ADD COLUMN payload TEXT NOT NULL DEFAULT '{}'")
        }
        // The robot counts what one sender asked for in the last day, to bound its replies.
        migrator.registerMigration("v3-requests-by-sender") { db in
            try db.execute(sql: "CREATE INDEX requests_sender ON requests(sender, received_at)")
        }
        // Issuance by mail, sharded CRLs and the robot's safety rails (Schema.version4).
        migrator.registerMigration("v4-issuance-and-robot") { db in
            for statement in Schema.version4 {
                try db.execute(sql: statement)
            }
        }
        // DNS Change validations waiting for their TXT record (TLS BR 3.2.2.4.7).
        migrator.registerMigration("dns-1-challenges") { db in
            for statement in DNSChallengeSchema.version1 {
                try db.execute(sql: statement)
            }
        }
        // Root bundles (issue 10): CAs taken out of the trust stores, the bundle-signing
        // certificate, and every release with what went into it.
        migrator.registerMigration("bundles-1-releases") { db in
            for statement in Schema.bundleReleases {
                try db.execute(sql: statement)
            }
        }
        // The public statistics page counts by month and reason straight from these indexes.
        migrator.registerMigration("site-1-statistics") { db in
            try db.execute(
                sql: """
                    CREATE INDEX assurances_month ON assurances(substr(meeting_date, 1, 7)) WHERE revoked_at IS NULL;
                    CREATE INDEX certificates_month ON certificates(substr(not_before, 1, 7), profile)
                        WHERE der IS NOT NULL;
                    CREATE INDEX certificates_reason ON certificates(coalesce(revocation_reason, ''))
                        WHERE revoked_at IS NOT NULL;
                    CREATE INDEX emails_verified ON emails(verified_at) WHERE verified_at IS NOT NULL;
                    CREATE INDEX domains_verified ON domains(verified_at) WHERE verified_at IS NOT NULL;
                    """
            )
        }
        // A shard's CRL reads every entry from the index alone: with the serial, time and reason in
        // it, 100,000 revoked certificates are one index range, not 100,000 table lookups. Which
        // shards a CA has (the highest, and any certificate from before sharding) is one index probe.
        migrator.registerMigration("crl-1-covering-index") { db in
            try db.execute(
                sql: """
                    DROP INDEX certificates_shard_revoked;
                    CREATE INDEX certificates_shard_revoked
                        ON certificates(issuer_id, crl_shard, not_after, serial_hex, revoked_at, revocation_reason)
                        WHERE revoked_at IS NOT NULL;
                    CREATE INDEX certificates_issuer_shard ON certificates(issuer_id, crl_shard);
                    """
            )
        }
        // The Assurer Challenge by mail: each sitting is answered by replying to `challenge+TOKEN@`,
        // whose token is kept hashed like a probe's and expires; the daily limit counts sittings by
        // member and start time (the existing index).
        migrator.registerMigration("wot-1-challenge-tokens") { db in
            try db.execute(
                sql: """
                    ALTER TABLE challenge_attempts ADD COLUMN token_sha256 TEXT;
                    ALTER TABLE challenge_attempts ADD COLUMN expires_at TEXT;
                    CREATE UNIQUE INDEX challenge_attempts_token ON challenge_attempts(token_sha256)
                        WHERE token_sha256 IS NOT NULL;
                    """
            )
        }
        // Languages: each member's mail and status page in the language the member asked for.
        migrator.registerMigration("i18n-1-member-language") { db in
            try db.execute(sql: "ALTER TABLE members ADD COLUMN language TEXT")
        }
        return migrator
    }
}
