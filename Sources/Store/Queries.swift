/// Every read statement the Store runs, named, so that one test can `EXPLAIN QUERY PLAN` all of
/// them and a benchmark can time them against a seeded database.
enum Queries {
    static let memberByID = "SELECT \(Member.columns) FROM members WHERE id = ?"
    static let memberByEmail = """
        SELECT \(Member.columns) FROM members WHERE id = (SELECT member_id FROM emails WHERE address = ?)
        """
    static let memberByStatusPageID = """
        SELECT \(Member.columns) FROM members WHERE status_page_id = ?1 OR previous_status_page_id = ?1
        """
    static let allMembers = "SELECT \(Member.columns) FROM members ORDER BY id"

    static let emailByAddress = "SELECT \(EmailAddress.columns) FROM emails WHERE address = ?"
    static let emailsForMember = "SELECT \(EmailAddress.columns) FROM emails WHERE member_id = ? ORDER BY id"
    static let domainByName = "SELECT \(Domain.columns) FROM domains WHERE name = ?"
    static let domainsForMember = "SELECT \(Domain.columns) FROM domains WHERE member_id = ? ORDER BY id"

    static let assuranceByID = "SELECT \(Assurance.columns) FROM assurances WHERE id = ?"
    static let assuranceByPair = """
        SELECT \(Assurance.columns) FROM assurances WHERE assurer_id = ? AND assuree_id = ?
        """
    static let assurancesReceived = "SELECT \(Assurance.columns) FROM assurances WHERE assuree_id = ? ORDER BY id"
    /// Ordered by assuree because the pair index already is, sparing a sort.
    static let assurancesGiven = """
        SELECT \(Assurance.columns) FROM assurances WHERE assurer_id = ? ORDER BY assuree_id
        """

    static let allAssurances = "SELECT \(Assurance.columns) FROM assurances ORDER BY id"
    static let challengeByToken = """
        SELECT \(ChallengeAttempt.columns) FROM challenge_attempts WHERE token_sha256 = ?
        """
    static let challengesStartedSince = """
        SELECT count(*) FROM challenge_attempts WHERE member_id = ? AND started_at > ?
        """
    static let challengeByID = "SELECT \(ChallengeAttempt.columns) FROM challenge_attempts WHERE id = ?"
    static let challengesForMember = """
        SELECT \(ChallengeAttempt.columns) FROM challenge_attempts WHERE member_id = ? ORDER BY started_at
        """

    static let issuingCAByID = "SELECT \(IssuingCA.columns) FROM issuing_cas WHERE id = ?"
    static let issuingCAByName = "SELECT \(IssuingCA.columns) FROM issuing_cas WHERE name = ?"
    static let issuingCAsByPurpose = "SELECT \(IssuingCA.columns) FROM issuing_cas WHERE purpose = ? ORDER BY id"
    static let allIssuingCAs = "SELECT \(IssuingCA.columns) FROM issuing_cas ORDER BY id"

    static let certificateByID = "SELECT \(CertificateRecord.columns) FROM certificates WHERE id = ?"
    static let certificateBySerial = """
        SELECT \(CertificateRecord.columns) FROM certificates WHERE issuer_id = ? AND serial_hex = ?
        """
    static let certificatesForMember = """
        SELECT \(CertificateRecord.columns) FROM certificates WHERE member_id = ? ORDER BY id
        """
    static let certificatesForSPKI = """
        SELECT \(CertificateRecord.columns) FROM certificates WHERE spki_sha256 = ? ORDER BY id
        """
    /// Whether a key is certified for anyone else: answered from the SPKI index without reading a
    /// certificate, however many the member holds for it.
    static let spkiOfAnotherMember = """
        SELECT 1 FROM certificates WHERE spki_sha256 = ? AND member_id IS NOT ? LIMIT 1
        """
    static let certificatesForIssuer = """
        SELECT \(CertificateRecord.columns) FROM certificates WHERE issuer_id = ? ORDER BY serial_hex
        """
    static let certificatesForRequest = """
        SELECT \(CertificateRecord.columns) FROM certificates WHERE request_id = ? ORDER BY id
        """
    static let revokedInShard = """
        SELECT serial_hex, revoked_at, revocation_reason FROM certificates
        WHERE issuer_id = ? AND crl_shard = ? AND revoked_at IS NOT NULL AND not_after > ?
        ORDER BY issuer_id, crl_shard, not_after
        """
    static let revokedUnsharded = """
        SELECT serial_hex, revoked_at, revocation_reason FROM certificates
        WHERE issuer_id = ? AND crl_shard IS NULL AND revoked_at IS NOT NULL AND not_after > ?
        ORDER BY issuer_id, crl_shard, not_after
        """
    static let latestRevocationInShard = """
        SELECT max(revoked_at) FROM certificates WHERE issuer_id = ? AND crl_shard = ? AND revoked_at IS NOT NULL
        """
    static let latestRevocationUnsharded = """
        SELECT max(revoked_at) FROM certificates WHERE issuer_id = ? AND crl_shard IS NULL AND revoked_at IS NOT NULL
        """
    static let unshardedCertificate = "SELECT 1 FROM certificates WHERE issuer_id = ? AND crl_shard IS NULL LIMIT 1"
    static let highestShard = "SELECT max(crl_shard) FROM certificates WHERE issuer_id = ?"
    static let certificatesExpiring = """
        SELECT \(CertificateRecord.columns) FROM certificates
        WHERE revoked_at IS NULL AND der IS NOT NULL AND not_after >= ? AND not_after < ?
        ORDER BY not_after
        """
    static let latestRevocationForIssuer = """
        SELECT MAX(revoked_at) FROM certificates WHERE issuer_id = ? AND revoked_at IS NOT NULL
        """
    static let revokedForIssuer = """
        SELECT serial_hex, revoked_at, revocation_reason FROM certificates
        WHERE issuer_id = ? AND revoked_at IS NOT NULL ORDER BY revoked_at
        """

    static let blockedKey = "SELECT spki_sha256, reason, added_at FROM blocked_keys WHERE spki_sha256 = ?"

    static let requestByID = "SELECT \(Request.columns) FROM requests WHERE id = ?"
    static let requestByMessageRef = "SELECT \(Request.columns) FROM requests WHERE message_ref = ?"
    static let requestsInState = """
        SELECT \(Request.columns) FROM requests WHERE state = ? AND received_at < ? ORDER BY received_at
        """

    static let probeByTokenHash = "SELECT \(Probe.columns) FROM probes WHERE token_sha256 = ?"
    static let probesForRequest = """
        SELECT \(Probe.columns) FROM probes WHERE id IN (SELECT probe_id FROM probe_requests WHERE request_id = ?)
        ORDER BY id
        """
    static let requestsForProbe = "SELECT request_id FROM probe_requests WHERE probe_id = ? ORDER BY request_id"
    static let requestIDsInState = "SELECT id FROM requests WHERE state = ? AND id > ? ORDER BY id LIMIT ?"
    static let requestIDsInStateAndKind = """
        SELECT id FROM requests WHERE state = ? AND kind = ? AND id > ? ORDER BY id LIMIT ?
        """
    static let requestCountForSender = """
        SELECT COUNT(*) FROM requests WHERE sender = ? AND received_at >= ? AND kind = ? AND id < ?
        """
    static let probeCountForTarget = "SELECT COUNT(*) FROM probes WHERE target = ? AND created_at >= ?"

    static let queuedMailByID = "SELECT \(QueuedMail.columns) FROM mail_queue WHERE id = ?"
    static let unwrittenMail = """
        SELECT \(QueuedMail.columns) FROM mail_queue WHERE written_at IS NULL ORDER BY id LIMIT ?
        """
    // Each counts at most up to its limit (the last argument): a limit is a yes or no, and a queue of
    // thousands of mails to one member must not be counted whole for each new one.
    static let mailCountForRecipient = "SELECT 1 FROM mail_queue WHERE recipient_key = ? AND created_at >= ? LIMIT ?"
    static let mailCountForRecipientAndPurpose = """
        SELECT 1 FROM mail_queue WHERE recipient_key = ? AND created_at >= ? AND purpose = ? LIMIT ?
        """
    static let mailCountForDomain = "SELECT 1 FROM mail_queue WHERE recipient_domain = ? AND created_at >= ? LIMIT ?"
    static let mailCountSince = "SELECT 1 FROM mail_queue WHERE created_at >= ? LIMIT ?"
    static let signedMessageByDigest = "SELECT request_id FROM signed_messages WHERE digest = ?"

    static let jobRunByID = "SELECT \(JobRun.columns) FROM job_runs WHERE id = ?"
    static let lastJobRun = """
        SELECT \(JobRun.columns) FROM job_runs WHERE job = ? ORDER BY started_at DESC LIMIT 1
        """
    static let lastSuccessfulJobRun = """
        SELECT \(JobRun.columns) FROM job_runs WHERE job = ? AND outcome = 'ok' ORDER BY started_at DESC LIMIT 1
        """

    static let expiryNotice = "SELECT 1 FROM expiry_notices WHERE certificate_id = ? AND days_before = ?"
    static let crlShardsForIssuer = """
        SELECT \(CRLShardState.columns) FROM crl_shards WHERE issuer_id = ? ORDER BY issuer_id, shard
        """
    static let currentCRLNumber = "SELECT last_number FROM crl_numbers WHERE issuer_id = ?"
    static let nextCRLNumber = """
        INSERT INTO crl_numbers (issuer_id, last_number) VALUES (?, 1)
        ON CONFLICT (issuer_id) DO UPDATE SET last_number = last_number + 1
        RETURNING last_number
        """

    /// `max(seq)` rather than `ORDER BY seq DESC LIMIT 1`: same cost, and the plan says SEARCH.
    static let latestAuditEntry = """
        SELECT \(AuditEntry.columns) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)
        """
    static let auditEntryBySeq = "SELECT \(AuditEntry.columns) FROM audit_log WHERE seq = ?"
    /// Job bookkeeping and checkpoints are not events a new checkpoint needs to pin.
    static let auditEventAfter = """
        SELECT 1 FROM audit_log WHERE seq > ?
        AND action NOT IN ('audit.checkpoint', 'job.start', 'job.finish') LIMIT 1
        """
    static let allAuditEntries = "SELECT \(AuditEntry.columns) FROM audit_log ORDER BY seq"
    static let auditHead = "SELECT seq, hash FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
    /// Reads every column as text so that a value whose type was changed by hand still loads and
    /// fails its hash, instead of stopping verification with a decoding error.
    static let auditWalk = """
        SELECT seq,
               coalesce(CAST(time AS TEXT), '') AS time, coalesce(CAST(actor AS TEXT), '') AS actor,
               coalesce(CAST(action AS TEXT), '') AS action, coalesce(CAST(subject AS TEXT), '') AS subject,
               coalesce(CAST(details AS TEXT), '') AS details, coalesce(CAST(prev_hash AS TEXT), '') AS prev_hash,
               coalesce(CAST(hash AS TEXT), '') AS hash
        FROM audit_log ORDER BY seq
        """

    static let auditRowByHash = "SELECT seq FROM audit_log WHERE hash = ? AND seq <> ? ORDER BY seq LIMIT 1"
    static let auditNextPrevHash = """
        SELECT coalesce(CAST(prev_hash AS TEXT), '') FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1
        """
    static let auditNextSeq = "SELECT seq FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1"

    /// Each query by the name of the method that runs it. `scansByDesign` marks the walks over a
    /// whole table (site builds, audit verification, the handful of issuing CAs), which must still
    /// avoid a temporary sort.
    static let all: [NamedQuery] = [
        NamedQuery("member(id:)", memberByID),
        NamedQuery("member(byEmail:)", memberByEmail),
        NamedQuery("member(byStatusPageID:)", memberByStatusPageID),
        NamedQuery("forEachMember(_:)", allMembers, scansByDesign: true),
        NamedQuery("email(_:)", emailByAddress),
        NamedQuery("emails(forMember:)", emailsForMember),
        NamedQuery("domain(_:)", domainByName),
        NamedQuery("domains(forMember:)", domainsForMember),
        NamedQuery("assurance(id:)", assuranceByID),
        NamedQuery("assurance(assurer:assuree:)", assuranceByPair),
        NamedQuery("assurances(receivedBy:)", assurancesReceived),
        NamedQuery("assurances(givenBy:)", assurancesGiven),
        NamedQuery("allAssurances()", allAssurances, scansByDesign: true),
        NamedQuery("challengeAttempt(tokenHash:)", challengeByToken),
        NamedQuery("challengeAttemptCount(member:since:)", challengesStartedSince),
        NamedQuery("challengeAttempt(id:)", challengeByID),
        NamedQuery("challengeAttempts(forMember:)", challengesForMember),
        NamedQuery("issuingCA(id:)", issuingCAByID),
        NamedQuery("issuingCA(named:)", issuingCAByName),
        NamedQuery("issuingCAs(purpose:)", issuingCAsByPurpose),
        NamedQuery("issuingCAs()", allIssuingCAs, scansByDesign: true),
        NamedQuery("certificate(id:)", certificateByID),
        NamedQuery("certificate(issuer:serialHex:)", certificateBySerial),
        NamedQuery("certificates(forMember:)", certificatesForMember),
        NamedQuery("certificates(withSPKI:)", certificatesForSPKI),
        NamedQuery("isKeyCertified(spkiSHA256:forAnyoneBut:)", spkiOfAnotherMember),
        NamedQuery("forEachCertificate(issuer:_:)", certificatesForIssuer),
        NamedQuery("forEachRevokedCertificate(issuer:_:)", revokedForIssuer),
        NamedQuery("latestRevocation(issuer:)", latestRevocationForIssuer),
        NamedQuery("certificates(forRequest:)", certificatesForRequest),
        NamedQuery("forEachRevokedCertificate(issuer:shard:unexpiredAt:_:)", revokedInShard),
        NamedQuery("latestRevocation(issuer:shard:)", latestRevocationInShard),
        NamedQuery("latestRevocation(issuer:shard:) before sharding", latestRevocationUnsharded),
        NamedQuery("forEachRevokedCertificate(issuer:shard:unexpiredAt:_:) before sharding", revokedUnsharded),
        NamedQuery("hasUnshardedCertificates(issuer:)", unshardedCertificate),
        NamedQuery("highestCRLShard(issuer:)", highestShard),
        NamedQuery("forEachUnrevokedCertificate(expiringFrom:to:_:)", certificatesExpiring),
        NamedQuery("blockedKey(spkiSHA256:)", blockedKey),
        NamedQuery("request(id:)", requestByID),
        NamedQuery("request(messageRef:)", requestByMessageRef),
        NamedQuery("forEachRequest(in:receivedBefore:_:)", requestsInState),
        NamedQuery("probe(token:)", probeByTokenHash),
        NamedQuery("probes(forRequest:)", probesForRequest),
        NamedQuery("requestIDs(forProbe:)", requestsForProbe),
        NamedQuery("requestIDs(in:kind:after:limit:)", requestIDsInStateAndKind),
        NamedQuery("requestIDs(in:after:limit:)", requestIDsInState),
        NamedQuery("probeCount(target:since:)", probeCountForTarget),
        NamedQuery("requestCount(sender:kind:since:before:)", requestCountForSender),
        NamedQuery("queuedMail(id:)", queuedMailByID),
        NamedQuery("unwrittenMail(limit:)", unwrittenMail),
        NamedQuery("mailCount(recipientKey:since:upTo:)", mailCountForRecipient),
        NamedQuery("mailCount(recipientKey:purpose:since:upTo:)", mailCountForRecipientAndPurpose),
        NamedQuery("mailCount(domain:since:upTo:)", mailCountForDomain),
        NamedQuery("mailCount(since:upTo:)", mailCountSince),
        NamedQuery("signedMessage(digest:)", signedMessageByDigest),
        NamedQuery("jobRun(id:)", jobRunByID),
        NamedQuery("lastJobRun(job:)", lastJobRun),
        NamedQuery("lastJobRun(job:succeeded:)", lastSuccessfulJobRun),
        NamedQuery("currentCRLNumber(issuer:)", currentCRLNumber),
        NamedQuery("expiryNoticeSent(certificate:daysBefore:)", expiryNotice),
        NamedQuery("crlShards(issuer:)", crlShardsForIssuer),
        NamedQuery("nextCRLNumber(issuer:)", nextCRLNumber),
        NamedQuery("latestAuditEntry()", latestAuditEntry),
        NamedQuery("auditEntry(seq:)", auditEntryBySeq),
        NamedQuery("hasAuditEvents(after:)", auditEventAfter),
        NamedQuery("forEachAuditEntry(_:)", allAuditEntries, scansByDesign: true),
        NamedQuery("appendAudit: chain head", auditHead),
        NamedQuery("verifyAuditChain(): walk", auditWalk, scansByDesign: true),
        NamedQuery("verifyAuditChain(): row by hash", auditRowByHash),
        NamedQuery("verifyAuditChain(): next row's link", auditNextPrevHash),
        NamedQuery("verifyAuditChain(): next row", auditNextSeq),
    ]
}
