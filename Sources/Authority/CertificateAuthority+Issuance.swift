import Foundation
import PKI
import Policy
import Store

/// A member's request for a certificate, as the CSR handler or the demo makes it.
package struct IssuanceRequest: Sendable {
    package var memberID: Int64
    package var profile: CertificateProfile
    package var csr: CertificateSigningRequest

    package init(memberID: Int64, profile: CertificateProfile, csr: CertificateSigningRequest) {
        self.memberID = memberID
        self.profile = profile
        self.csr = csr
    }
}

/// Everything issuance decided, after every check and before any signature.
package struct IssuancePlan: Sendable {
    package let memberID: Int64
    package let profile: CertificateProfile
    package let subject: DistinguishedName
    package let names: SubjectAlternativeNames
    package let publicKey: PublicKey
    package let spkiSHA256: String
    package let lifetimeDays: Int
    /// The member's addresses in the request whose validation is too old to rely on: a probe to each
    /// renews it (the CSR handler sends them), or issuance refuses.
    package let staleMailboxes: [String]
}

/// A certificate ready to be reserved and signed: everything decided, its lint done.
package struct PreparedCertificate: Sendable {
    package let plan: IssuancePlan
    let issuerName: CAName
    let signer: Issuer
    let template: CertificateTemplate
    let shard: Int
    /// The linted certificate, signed by a throwaway key; the real signature goes onto it.
    let linted: Certificate
    let lintedTBS: [UInt8]
    package let findings: [String]
    let caaEvidence: String?
}

/// A certificate that was signed and recorded.
package struct IssuedCertificate: Sendable {
    package let certificate: Certificate
    package let record: CertificateRecord
    package let file: URL

    package init(certificate: Certificate, record: CertificateRecord, file: URL) {
        self.certificate = certificate
        self.record = record
        self.file = file
    }
}

/// The most names one certificate may carry: a request with more is refused, not truncated.
package let maximumNamesPerCertificate = 100

extension CertificateAuthority {
    /// Every check issuance makes, in order, without signing anything: the request's shape and the
    /// key (before any expensive arithmetic: size and type first, then the signature, then the
    /// structure checks of the key gate), the member's standing, the profile's privilege, control of
    /// every name, then the lifetime. The CSR handler runs it before any probe goes out, so a bad CSR
    /// is refused at once; issuance runs it again, since a day may have passed.
    ///
    /// `allowingStaleMailboxes`: the member's own addresses whose validation is older than the reuse
    /// window are returned in `staleMailboxes` instead of refused (their probe will renew them).
    package func planIssuance(
        memberID: Int64,
        csr: CertificateSigningRequest,
        profile requestedProfile: CertificateProfile?,
        now: Date,
        allowingStaleMailboxes: Bool = false
    ) throws -> IssuancePlan {
        // Cheap facts first: a 16384-bit key is refused before its signature is checked.
        let publicKey = try csr.publicKey
        guard publicKey.spec != nil else {
            throw refusal(
                "\(publicKey.algorithmDescription) keys are not accepted; use RSA 2048, 3072 or 4096 bits (e = 65537), or ECDSA P-256 or P-384"
            )
        }
        try csr.validate()
        let requested = try csr.requestedNames
        let nameCount = requested.emailAddresses.count + requested.dnsNames.count
        guard nameCount <= maximumNamesPerCertificate else {
            throw refusal(
                "the request names \(nameCount) names; at most \(maximumNamesPerCertificate) fit in one certificate"
            )
        }
        let spki = try publicKey.fingerprint.hex
        try checkKey(publicKey, spkiSHA256: spki, memberID: memberID)

        guard let member = try store.member(id: memberID) else { throw refusal("there is no member #\(memberID)") }
        let facts = try memberFacts(member)
        let policy = configuration.policy
        let profile = try requestedProfile ?? inferProfile(csr)
        guard let kind = profile.policyKind else {
            throw refusal("only S/MIME, TLS and code signing certificates are issued to members")
        }
        if let violation = policy.profileViolations(kind, for: facts, at: now).first {
            throw refusal(violation.reason)
        }
        let privileges = policy.privileges(of: facts, at: now)
        let points = policy.assurancePoints(received: facts.assurancesReceived).points
        let (subject, names, stale) = try subjectAndNames(
            csr: csr,
            profile: profile,
            member: member,
            nameMayAppear: privileges.nameMayAppear,
            now: now,
            allowingStale: allowingStaleMailboxes
        )
        return IssuancePlan(
            memberID: memberID,
            profile: profile,
            subject: subject,
            names: names,
            publicKey: publicKey,
            spkiSHA256: spki,
            lifetimeDays: policy.lifetimeDays(for: kind, points: points, at: now),
            staleMailboxes: stale
        )
    }

    /// Issues a certificate after every check the rules ask for (`planIssuance`). The serial and the
    /// lint result are recorded before the signature is made (TLS BR §7.1), so a crash in between never
    /// leads to a serial being used twice; a lint finding issues nothing.
    package func issue(
        _ request: IssuanceRequest,
        requestID: Int64? = nil,
        now: Date = Date()
    ) throws
        -> IssuedCertificate
    {
        let plan = try planIssuance(memberID: request.memberID, csr: request.csr, profile: request.profile, now: now)
        return try issue(plan, requestID: requestID, now: now)
    }

    /// Signs a planned certificate: reserve the serial and record the lint of a linting certificate,
    /// sign for real, check that what was signed is exactly what was linted, record it, write it out.
    package func issue(_ plan: IssuancePlan, requestID: Int64?, now: Date) throws -> IssuedCertificate {
        let prepared = try prepare(plan, now: now)
        let reserved = try reserve(prepared, requestID: requestID)
        return try record(prepared, reserved: reserved, certificate: try sign(prepared, reserved: reserved))
    }

    /// The steps of `issue`, for a job that batches its registry writes (the CSR job signs on every
    /// core and commits a batch's reservations, then its signatures, each in one transaction).
    ///
    /// 1. Prepare: CAA for TLS names (TLS BR 3.2.2.8, RFC 8659; its evidence goes into the
    ///    certificate's audit row), a fresh serial and its CRL shard, and the lint of a linting
    ///    certificate signed by a throwaway key (no registry write but CAA's audit row).
    package func prepare(_ plan: IssuancePlan, now: Date) throws -> PreparedCertificate {
        // Certificates carry whole seconds; the rules were judged at the exact time.
        let notBefore = now.wholeSeconds
        guard let purpose = plan.profile.issuingPurpose, let kind = plan.profile.policyKind else {
            throw refusal("only S/MIME, TLS and code signing certificates are issued to members")
        }
        let caa = plan.profile == .tlsDomain ? try checkCAA(dnsNames: plan.names.dnsNames, now: now) : nil
        let issuerName = CAName.issuing(purpose)
        let base = try issuer(issuerName)
        let serial = try SerialNumber.random()
        let shard = CRLShard.of(serial: serial, shards: configuration.crlShards)
        let crlURL = configuration.crlURL(issuerName.fileName, shard: shard)
        let signer = Issuer(
            certificate: base.certificate,
            privateKey: base.privateKey,
            crlURL: crlURL,
            certificateURL: base.certificateURL
        )
        let template = CertificateTemplate(
            profile: plan.profile,
            subject: plan.subject,
            names: plan.names,
            publicKey: plan.publicKey,
            notBefore: notBefore,
            lifetimeDays: plan.lifetimeDays,
            policyOIDs: [configuration.policyOID],
            serialNumber: serial
        )
        let linting = try CertificateLint.lintingCertificate(template, by: signer)
        let findings = CertificateLint.findings(
            linting,
            expecting: CertificateLint.Expectation(
                profile: plan.profile,
                issuer: try certificate(issuerName),
                maximumDays: maximumDays(kind, at: notBefore),
                crlURL: crlURL,
                caIssuersURL: configuration.certificateURL(issuerName.fileName)
            )
        )
        return PreparedCertificate(
            plan: plan,
            issuerName: issuerName,
            signer: signer,
            template: template,
            shard: shard,
            linted: linting,
            lintedTBS: try linting.tbsDER,
            findings: findings,
            caaEvidence: caa?.json
        )
    }

    /// 2. Reserve: the serial and the lint result are recorded before any real signature (TLS BR
    ///    §7.1), so a crash between the two never hands a serial out twice. A lint finding abandons
    ///    the serial at once and issues nothing.
    package func reserve(_ prepared: PreparedCertificate, requestID: Int64?) throws -> CertificateRecord {
        let plan = prepared.plan
        let findings = prepared.findings
        let reserved = try store.insertCertificate(
            NewCertificate(
                issuerID: try record(prepared.issuerName).id,
                serialHex: prepared.template.serialNumber?.hex ?? "",
                profile: plan.profile.name,
                subject: plan.subject.description,
                subjectAltNames: plan.names.emailAddresses + plan.names.dnsNames,
                notBefore: prepared.template.notBefore,
                notAfter: prepared.template.notAfter,
                spkiSHA256: plan.spkiSHA256,
                der: nil,
                memberID: plan.memberID,
                requestID: requestID,
                crlShard: prepared.shard,
                lint: findings.isEmpty ? "ok" : findings.joined(separator: "; "),
                caaEvidence: prepared.caaEvidence
            )
        )
        guard findings.isEmpty else {
            try store.abandonReservation(certificate: reserved.id, reason: "lint: \(findings.joined(separator: "; "))")
            throw AuthorityError(
                .lintFailed,
                "the certificate failed Vouch's own lints and was not signed: \(findings.joined(separator: "; "))"
            )
        }
        return reserved
    }

    /// 3. Sign for real, and check the signed to-be-signed part is byte for byte the linted one. No
    ///    registry write on success, so it may run on any thread.
    package func sign(_ prepared: PreparedCertificate, reserved: CertificateRecord) throws -> Certificate {
        let certificate = try CertificateBuilder.sign(linted: prepared.linted, by: prepared.signer)
        guard try certificate.tbsDER == prepared.lintedTBS else {
            try store.abandonReservation(
                certificate: reserved.id,
                reason: "the signed certificate differs from the linted one"
            )
            throw AuthorityError(.lintFailed, "the signed certificate differs from the one linted; nothing was issued")
        }
        return certificate
    }

    /// 4. Record the signature for the reserved serial and write the certificate out.
    package func record(
        _ prepared: PreparedCertificate,
        reserved: CertificateRecord,
        certificate: Certificate
    ) throws -> IssuedCertificate {
        let record = try store.attachDER(certificate: reserved.id, der: Data(try certificate.der))
        let file = directory.issuedCertificateFile(serialHex: reserved.serialHex)
        try AtomicFile.write(try certificate.pem, to: file)
        return IssuedCertificate(certificate: certificate, record: record, file: file)
    }

    /// The longest lifetime the rules allow today, for the lint (which judges the certificate, not the policy).
    private func maximumDays(_ kind: CertificateProfileKind, at date: Date) -> Int {
        let policy = configuration.policy
        switch kind {
        case .smime: return min(policy.smimeDaysCeiling, 825)
        case .tls: return policy.tlsMaximumDays(at: date)
        case .codeSigning: return min(policy.codeSigningMaxDays, 460)
        }
    }

    /// The profile a request without `Profile:` asks for, by the names it carries.
    private func inferProfile(_ csr: CertificateSigningRequest) throws -> CertificateProfile {
        let names = try csr.requestedNames
        let commonNames = csr.subject.values(of: .commonName)
        let mailboxes =
            !names.emailAddresses.isEmpty || commonNames.contains { $0.contains("@") }
            || !csr.subject.values(of: .emailAddress).isEmpty
        let hosts = !names.dnsNames.isEmpty || commonNames.contains { !$0.contains("@") && $0.contains(".") }
        switch (mailboxes, hosts) {
        case (true, false): return .smimeMailbox
        case (false, true): return .tlsDomain
        case (true, true):
            throw refusal("the request names both email addresses and DNS names; send one per certificate")
        case (false, false):
            throw refusal("the request names no address or domain; write 'Profile: codesign' for code signing")
        }
    }

    /// The key gate: a supported algorithm and size, a valid public key, not blocklisted, and not
    /// already certified for another member (DESIGN.md "Keys").
    private func checkKey(_ key: PublicKey, spkiSHA256: String, memberID: Int64) throws {
        try KeyQuality.check(key)
        if try store.isKeyBlocked(spkiSHA256: spkiSHA256) {
            throw refusal("this key is on the blocklist (compromised or weak); generate a new key pair")
        }
        if try store.isKeyCertified(spkiSHA256: spkiSHA256, forAnyoneBut: memberID) {
            throw refusal("this key is already certified for another member; generate a new key pair")
        }
    }

    /// What goes into the certificate, taken from the CSR and checked against the registry. The subject
    /// never copies member-chosen text except the assured name or the address itself.
    private func subjectAndNames(
        csr: CertificateSigningRequest,
        profile: CertificateProfile,
        member: Member,
        nameMayAppear: Bool,
        now: Date,
        allowingStale: Bool
    ) throws -> (DistinguishedName, SubjectAlternativeNames, [String]) {
        let requested = try csr.requestedNames
        switch profile {
        case .smimeMailbox, .smimeIndividual:
            var addresses = requested.emailAddresses
            if addresses.isEmpty {
                addresses =
                    csr.subject.values(of: .emailAddress)
                    + csr.subject.values(of: .commonName).filter(CertificateNames.isMailbox)
            }
            if addresses.isEmpty { addresses = [member.primaryEmail] }
            addresses = addresses.map { $0.lowercased() }.uniqued()
            guard requested.dnsNames.isEmpty else { throw refusal("an S/MIME request may not name DNS names") }
            let stale = try addresses.filter { address in
                try checkMailbox(address, member: member, now: now, allowingStale: allowingStale)
            }
            if profile == .smimeIndividual {
                guard nameMayAppear else {
                    throw refusal(
                        "your name appears in certificates from \(configuration.policy.nameMinPoints) assurance points; ask for 'Profile: smime' meanwhile"
                    )
                }
                let words = member.name.split(separator: " ").map(String.init)
                guard words.count >= 2 else {
                    throw refusal(
                        "a one-word name cannot be split into given name and surname; ask for 'Profile: smime'"
                    )
                }
                return (
                    DistinguishedName([
                        (.givenName, words.dropLast().joined(separator: " ")), (.surname, words[words.count - 1]),
                        (.commonName, member.name),
                    ]),
                    SubjectAlternativeNames(emailAddresses: addresses),
                    stale
                )
            }
            return (
                DistinguishedName([(.commonName, addresses[0])]), SubjectAlternativeNames(emailAddresses: addresses),
                stale
            )
        case .tlsDomain:
            var dnsNames = requested.dnsNames + csr.subject.values(of: .commonName).filter { !$0.contains("@") }
            dnsNames = dnsNames.map { $0.lowercased() }.uniqued()
            guard !dnsNames.isEmpty else { throw refusal("a TLS request must name at least one DNS name") }
            guard requested.emailAddresses.isEmpty else { throw refusal("a TLS request may not name email addresses") }
            for name in dnsNames {
                try checkDNSName(name, member: member, nameMayAppear: nameMayAppear, now: now)
            }
            return (DistinguishedName(), SubjectAlternativeNames(dnsNames: dnsNames), [])
        case .codeSigning:
            guard requested.isEmpty else { throw refusal("a code signing request carries no subjectAltName") }
            return (DistinguishedName([(.commonName, member.name)]), SubjectAlternativeNames(), [])
        case .rootCA, .issuingCA:
            throw refusal("only S/MIME, TLS and code signing certificates are issued to members")
        }
    }

    /// An address of the member's, validated within the reuse window (S/MIME BR 3.2.2, 4.2.1). Returns
    /// true for an address whose validation is too old when `allowingStale` (a probe will renew it).
    private func checkMailbox(_ address: String, member: Member, now: Date, allowingStale: Bool) throws -> Bool {
        let policy = configuration.policy
        guard CertificateNames.isMailbox(address),
            let email = try store.email(address), email.memberID == member.id, let verified = email.verifiedAt
        else {
            throw refusal(
                "\(address) is not a verified address of yours; add it with a mail to email@\(configuration.mailDomain)"
            )
        }
        try checkPublicName(String(address.split(separator: "@").last ?? ""))
        guard policy.mayReuseEmailValidation(validatedAt: verified, at: now) else {
            if allowingStale { return true }
            throw refusal(
                "the verification of \(address) is older than \(policy.emailValidationReuseDays) days; verify it again"
            )
        }
        return false
    }

    /// A DNS name for a TLS certificate: public (not an IP address, internal name or public suffix),
    /// a wildcard only in the leftmost label and only from 50 points, and the name or a parent of it a
    /// domain the member verified within the reuse window (TLS BR 3.2.2.4, 3.2.2.6, 4.2.1).
    private func checkDNSName(_ name: String, member: Member, nameMayAppear: Bool, now: Date) throws {
        var base = name
        if name.hasPrefix("*.") {
            guard nameMayAppear else {
                throw refusal(
                    "wildcard names ('\(name)') are issued from \(configuration.policy.nameMinPoints) assurance points"
                )
            }
            base = String(name.dropFirst(2))
        }
        guard !base.contains("*") else { throw refusal("'\(name)' has a wildcard outside the leftmost label") }
        if base.split(separator: ".").allSatisfy({ $0.allSatisfy(\.isNumber) }) || base.contains(":") {
            throw refusal("'\(name)' is an IP address; Vouch certifies DNS names only")
        }
        if let reason = InternalNames.reason(base) { throw refusal("\(reason); only public DNS names are certified") }
        guard CertificateNames.isPublicDNSName(base) else {
            throw refusal("'\(name)' is not a public DNS name")
        }
        let suffixes = try publicSuffixes()
        guard suffixes.hasPublicTopLevel(base) else {
            throw refusal(
                "'\(name)' is not under a top-level domain of the public DNS; only public names are certified"
            )
        }
        if suffixes.isPublicSuffix(base) {
            throw refusal("'\(name)' is or covers a public suffix, which no one can hold")
        }
        try checkDomainControl(of: base, member: member, now: now)
    }

    /// A DNS name is covered by a verified domain of the member: the domain itself or a name under it.
    private func checkDomainControl(of name: String, member: Member, now: Date) throws {
        let labels = name.split(separator: ".")
        let policy = configuration.policy
        for start in 0..<(labels.count - 1) {
            let candidate = labels[start...].joined(separator: ".")
            guard let domain = try store.domain(candidate), domain.memberID == member.id else { continue }
            guard let verified = domain.verifiedAt else { continue }
            guard policy.mayReuseDomainValidation(validatedAt: verified, at: now) else {
                throw refusal(
                    "the validation of \(candidate) is older than \(policy.domainValidationReuseDays(at: now)) days; verify it again with a mail to domain@\(configuration.mailDomain)"
                )
            }
            return
        }
        throw refusal(
            "\(name) is not under a verified domain of yours; add it with a mail to domain@\(configuration.mailDomain)"
        )
    }

    /// The policy's view of a member, from the registry.
    package func memberFacts(_ member: Member) throws -> MemberFacts {
        let received = try store.assurances(receivedBy: member.id).map { assurance in
            AssuranceRecord(
                assurerID: assurance.assurerID,
                assureeID: assurance.assureeID,
                points: assurance.points,
                method: assurance.method == .ttpAssisted ? .ttpAssisted : .faceToFace,
                meetingDate: try Self.day(assurance.meetingDate, "meeting date of assurance #\(assurance.id)"),
                revoked: assurance.revokedAt != nil
            )
        }
        let given = try store.assurances(givenBy: member.id).filter { $0.revokedAt == nil }.count
        let passed = try store.challengeAttempts(forMember: member.id).contains { $0.passed == true }
        return MemberFacts(
            id: member.id,
            dateOfBirth: try Self.day(member.dateOfBirth, "date of birth of member #\(member.id)"),
            parentalConsent: member.parentalConsentAt != nil,
            blocked: member.blocked,
            passedChallenge: passed,
            assurancesReceived: received,
            assurancesGiven: given
        )
    }

    func refusal(_ reason: String) -> AuthorityError { AuthorityError(.refused, reason) }

    /// A registry date, or an error: the Store validates dates on the way in, so a bad one here means
    /// the database was changed by hand, and no rule should be judged on a guess.
    private static func day(_ text: String, _ what: String) throws -> CalendarDay {
        guard let day = CalendarDay(iso8601: text) else {
            throw AuthorityError(.invalidConfiguration, "the registry holds '\(text)' as the \(what); it is not a date")
        }
        return day
    }
}

/// Which CRL shard lists a certificate: fixed at issuance from its serial (Let's Encrypt's scheme
/// keys shards by serial too), so it never moves and every shard stays small.
package enum CRLShard {
    package static func of(serial: SerialNumber, shards: Int) -> Int {
        let bytes = serial.bytes
        let value = bytes.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int(value % UInt32(max(1, shards)))
    }
}

extension CertificateProfile {
    /// The policy's name for a subscriber profile.
    var policyKind: CertificateProfileKind? {
        switch self {
        case .smimeMailbox, .smimeIndividual: return .smime
        case .tlsDomain: return .tls
        case .codeSigning: return .codeSigning
        case .rootCA, .issuingCA: return nil
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept once.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
