/// The DDL of each schema version, kept apart from the migrator so a reader sees every table,
/// constraint and index in one place. Constraints repeat the Store's own checks on purpose: a
/// buggy caller or a hand edit with the `sqlite3` shell still cannot store a contradiction.
enum Schema {
    /// Version 1: the whole registry. Timestamps are GRDB's UTC text (`YYYY-MM-DD HH:MM:SS.SSS`),
    /// which sorts as it compares; calendar dates (birth, meeting) are `YYYY-MM-DD`.
    static let version1: [String] = [
        """
        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            date_of_birth TEXT NOT NULL CHECK (date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            primary_email TEXT NOT NULL COLLATE NOCASE UNIQUE,
            status_page_id TEXT NOT NULL UNIQUE,
            parental_consent_at TEXT,
            blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE emails (
            id INTEGER PRIMARY KEY,
            address TEXT NOT NULL COLLATE NOCASE UNIQUE,
            member_id INTEGER NOT NULL REFERENCES members(id),
            added_at TEXT NOT NULL,
            verified_at TEXT,
            verification_method TEXT
        )
        """,
        "CREATE INDEX emails_member ON emails(member_id)",
        """
        CREATE TABLE domains (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            member_id INTEGER NOT NULL REFERENCES members(id),
            added_at TEXT NOT NULL,
            verified_at TEXT,
            verification_method TEXT,
            contact TEXT
        )
        """,
        "CREATE INDEX domains_member ON domains(member_id)",
        """
        CREATE TABLE assurances (
            id INTEGER PRIMARY KEY,
            assurer_id INTEGER NOT NULL REFERENCES members(id),
            assuree_id INTEGER NOT NULL REFERENCES members(id),
            points INTEGER NOT NULL CHECK (points >= 0),
            meeting_date TEXT NOT NULL CHECK (meeting_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            location TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('faceToFace', 'ttpAssisted')),
            documents TEXT NOT NULL,
            cap_signed INTEGER NOT NULL CHECK (cap_signed IN (0, 1)),
            recorded_at TEXT NOT NULL,
            revoked_at TEXT,
            revocation_reason TEXT,
            CHECK (assurer_id <> assuree_id),
            UNIQUE (assurer_id, assuree_id)
        )
        """,
        "CREATE INDEX assurances_assuree ON assurances(assuree_id)",
        """
        CREATE TABLE challenge_attempts (
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id),
            started_at TEXT NOT NULL,
            questions TEXT NOT NULL,
            answers TEXT,
            score INTEGER,
            passed INTEGER CHECK (passed IN (0, 1)),
            graded_at TEXT
        )
        """,
        "CREATE INDEX challenge_attempts_member ON challenge_attempts(member_id, started_at)",
        """
        CREATE TABLE issuing_cas (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            purpose TEXT NOT NULL CHECK (purpose IN ('root', 'tls', 'smime', 'codeSigning')),
            certificate_der BLOB NOT NULL,
            key_path TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX issuing_cas_purpose ON issuing_cas(purpose)",
        """
        CREATE TABLE certificates (
            id INTEGER PRIMARY KEY,
            issuer_id INTEGER NOT NULL REFERENCES issuing_cas(id),
            serial_hex TEXT NOT NULL CHECK (serial_hex <> '' AND serial_hex NOT GLOB '*[^0-9a-f]*'),
            profile TEXT NOT NULL,
            subject TEXT NOT NULL,
            sans TEXT NOT NULL,
            not_before TEXT NOT NULL,
            not_after TEXT NOT NULL,
            spki_sha256 TEXT NOT NULL,
            der BLOB,
            member_id INTEGER REFERENCES members(id),
            recorded_at TEXT NOT NULL,
            revoked_at TEXT,
            revocation_reason TEXT,
            UNIQUE (issuer_id, serial_hex)
        )
        """,
        "CREATE INDEX certificates_member ON certificates(member_id)",
        "CREATE INDEX certificates_spki ON certificates(spki_sha256)",
        """
        CREATE INDEX certificates_revoked ON certificates(issuer_id, revoked_at)
        WHERE revoked_at IS NOT NULL
        """,
        """
        CREATE TABLE blocked_keys (
            spki_sha256 TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            added_at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('received', 'waiting-confirmation', 'done', 'rejected', 'expired')),
            sender TEXT NOT NULL,
            message_ref TEXT NOT NULL UNIQUE,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            result TEXT
        )
        """,
        "CREATE INDEX requests_state ON requests(state, received_at)",
        """
        CREATE TABLE probes (
            id INTEGER PRIMARY KEY,
            token_sha256 TEXT NOT NULL UNIQUE,
            purpose TEXT NOT NULL,
            target TEXT NOT NULL COLLATE NOCASE,
            request_id INTEGER REFERENCES requests(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )
        """,
        "CREATE INDEX probes_target ON probes(target, created_at)",
        "CREATE INDEX probes_request ON probes(request_id)",
        """
        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT,
            detail TEXT
        )
        """,
        "CREATE INDEX job_runs_job ON job_runs(job, started_at)",
        """
        CREATE TABLE crl_numbers (
            issuer_id INTEGER PRIMARY KEY REFERENCES issuing_cas(id),
            last_number INTEGER NOT NULL CHECK (last_number > 0)
        )
        """,
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        // Verification looks a row up by hash only to explain a break (reordered or inserted).
        "CREATE INDEX audit_log_hash ON audit_log(hash)",
        // Append-only against mistakes, not against an attacker (who can drop these); the hash
        // chain is what catches a deliberate edit.
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
    ]

    /// Version 4: issuance by mail and the robot's safety rails.
    ///
    /// - requests gain the `queued` state (confirmed, waiting for the CSR job) and `sender_key`, the
    ///   sender's mailbox with case and `+tag` folded, which the reply limits count by;
    /// - certificates remember the request that asked for them (a rerun finds the work done), their
    ///   CRL shard (fixed at issuance, baked into the CDP), an abandoned reservation and the lint result;
    /// - `mail_queue` holds every mail the robot sends, written in the transaction that decided to
    ///   send it and copied to the outbox afterwards, so a crash can neither lose nor repeat one;
    ///   the rendered message is dropped once it is in the outbox (it may carry a probe token);
    /// - `signed_messages` refuses a replayed S/MIME request; `expiry_notices` sends each notice once;
    ///   `crl_shards` tells which shard is due; members keep a previous status page until the
    ///   member retires it.
    static let version4: [String] = [
        """
        CREATE TABLE requests_v4 (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('received', 'waiting-confirmation', 'queued', 'done', 'rejected', 'expired')),
            sender TEXT NOT NULL,
            sender_key TEXT NOT NULL DEFAULT '',
            message_ref TEXT NOT NULL UNIQUE,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            result TEXT,
            payload TEXT NOT NULL DEFAULT '{}'
        )
        """,
        """
        INSERT INTO requests_v4 (id, kind, state, sender, sender_key, message_ref, received_at, updated_at, result,
                                 payload)
        SELECT id, kind, state, sender, lower(sender), message_ref, received_at, updated_at, result, payload
        FROM requests
        """,
        "DROP TABLE requests",
        "ALTER TABLE requests_v4 RENAME TO requests",
        "CREATE INDEX requests_state ON requests(state, received_at)",
        "CREATE INDEX requests_sender ON requests(sender, received_at)",
        "CREATE INDEX requests_sender_key ON requests(sender_key, received_at)",
        "CREATE INDEX requests_state_kind ON requests(state, kind, id)",
        "CREATE INDEX requests_state_id ON requests(state, id)",

        "ALTER TABLE members ADD COLUMN previous_status_page_id TEXT",
        """
        CREATE UNIQUE INDEX members_previous_status_page ON members(previous_status_page_id)
        WHERE previous_status_page_id IS NOT NULL
        """,

        "ALTER TABLE certificates ADD COLUMN request_id INTEGER REFERENCES requests(id)",
        // NULL: issued before CRLs were sharded, listed on the CA's single CRL its CDP names.
        "ALTER TABLE certificates ADD COLUMN crl_shard INTEGER CHECK (crl_shard >= 0)",
        "ALTER TABLE certificates ADD COLUMN abandoned_at TEXT",
        "ALTER TABLE certificates ADD COLUMN lint TEXT",
        "CREATE INDEX certificates_request ON certificates(request_id) WHERE request_id IS NOT NULL",
        """
        CREATE INDEX certificates_shard_revoked ON certificates(issuer_id, crl_shard, not_after)
        WHERE revoked_at IS NOT NULL
        """,
        """
        CREATE INDEX certificates_shard_revocation_time ON certificates(issuer_id, crl_shard, revoked_at)
        WHERE revoked_at IS NOT NULL
        """,
        "CREATE INDEX certificates_expiry ON certificates(not_after) WHERE revoked_at IS NULL AND der IS NOT NULL",

        """
        CREATE TABLE mail_queue (
            id INTEGER PRIMARY KEY,
            request_id INTEGER REFERENCES requests(id),
            recipient TEXT NOT NULL,
            recipient_key TEXT NOT NULL,
            recipient_domain TEXT NOT NULL,
            purpose TEXT NOT NULL,
            message BLOB,
            created_at TEXT NOT NULL,
            written_at TEXT
        )
        """,
        "CREATE INDEX mail_queue_recipient ON mail_queue(recipient_key, created_at)",
        "CREATE INDEX mail_queue_domain ON mail_queue(recipient_domain, created_at)",
        "CREATE INDEX mail_queue_created ON mail_queue(created_at)",
        "CREATE INDEX mail_queue_unwritten ON mail_queue(written_at, id)",

        """
        CREATE TABLE signed_messages (
            digest TEXT PRIMARY KEY,
            message_id TEXT NOT NULL,
            request_id INTEGER REFERENCES requests(id),
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        // One authorisation mail may confirm every request a member has pending (DESIGN.md).
        """
        CREATE TABLE probe_requests (
            probe_id INTEGER NOT NULL REFERENCES probes(id),
            request_id INTEGER NOT NULL REFERENCES requests(id),
            PRIMARY KEY (probe_id, request_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX probe_requests_request ON probe_requests(request_id)",
        "INSERT INTO probe_requests (probe_id, request_id) SELECT id, request_id FROM probes WHERE request_id IS NOT NULL",
        """
        CREATE TABLE expiry_notices (
            certificate_id INTEGER NOT NULL REFERENCES certificates(id),
            days_before INTEGER NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (certificate_id, days_before)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE crl_shards (
            issuer_id INTEGER NOT NULL REFERENCES issuing_cas(id),
            -- -1: the CA's single CRL (the root's ARL, or the CRL of certificates from before sharding).
            shard INTEGER NOT NULL CHECK (shard >= -1),
            number INTEGER NOT NULL,
            this_update TEXT NOT NULL,
            next_update TEXT NOT NULL,
            entries INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (issuer_id, shard)
        ) WITHOUT ROWID
        """,
    ]
}
