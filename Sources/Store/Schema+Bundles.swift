extension Schema {
    /// Migration "bundles-1-releases": what root-bundle releases need beyond the registry.
    static let bundleReleases: [String] = [
        """
        CREATE TABLE retired_cas (
            ca_id INTEGER PRIMARY KEY REFERENCES issuing_cas(id),
            reason TEXT NOT NULL CHECK (reason <> ''),
            retired_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE bundle_signers (
            id INTEGER PRIMARY KEY,
            serial_hex TEXT NOT NULL UNIQUE CHECK (serial_hex <> '' AND serial_hex NOT GLOB '*[^0-9a-f]*'),
            certificate_der BLOB,
            key_path TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE bundle_releases (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL UNIQUE,
            released_at TEXT NOT NULL,
            inputs TEXT NOT NULL,
            inputs_sha256 TEXT NOT NULL,
            changes TEXT NOT NULL,
            tarball_sha256 TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )
        """,
    ]
}
