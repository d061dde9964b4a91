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

/// A certificate that was signed and recorded.
package struct IssuedCertificate: Sendable {
    package let certificate: Certificate
    package let record: CertificateRecord
    package let file: URL
}

extension CertificateAuthority {
    /// Issues a certificate after every check the rules ask for, in order: the CSR itself, the key,
    /// the member's standing, control of every name, the profile's privilege, then the lifetime.
    /// The serial is recorded before the signature is made (TLS BR §7.1), so a crash in between
    /// never leads to a serial being used twice.
    package func issue(_ request: IssuanceRequest, now: Date = Date()) throws -> IssuedCertificate {
        // Certificates carry whole seconds; the rules are judged at the exact time, so a validation
        // recorded a fraction of a second ago is not mistaken for one from the future.
        let notBefore = now.wholeSeconds
        guard let purpose = request.profile.issuingPurpose, let kind = request.profile.policyKind else {
            throw refusal("only S/MIME, TLS and code signing certificates are issued to members")
        }
        try request.csr.validate()
        let publicKey = try request.csr.publicKey
        let spki = try publicKey.fingerprint.hex
        try checkKey(publicKey, spkiSHA256: spki, memberID: request.memberID)

        guard let member = try store.member(id: request.memberID) else {
            throw refusal("there is no member #\(request.memberID)")
        }
        let facts = try memberFacts(member)
        let policy = configuration.policy
        if let violation = policy.profileViolations(kind, for: facts, at: now).first {
            throw refusal(violation.reason)
        }
        let points = policy.assurancePoints(received: facts.assurancesReceived).points
        let (subject, names) = try subjectAndNames(for: request, member: member, now: now)
        let lifetime = policy.lifetimeDays(for: kind, points: points, at: now)

        let issuerName = CAName.issuing(purpose)
        let issuer = try self.issuer(issuerName)
        let issuerRecord = try record(issuerName)
        let serial = try SerialNumber.random()
        let template = CertificateTemplate(
            profile: request.profile,
            subject: subject,
            names: names,
            publicKey: publicKey,
            notBefore: notBefore,
            lifetimeDays: lifetime,
            policyOIDs: [configuration.policyOID],
            serialNumber: serial
        )
        let reserved = try store.insertCertificate(
            NewCertificate(
                issuerID: issuerRecord.id,
                serialHex: serial.hex,
                profile: request.profile.name,
                subject: subject.description,
                subjectAltNames: names.emailAddresses + names.dnsNames,
                notBefore: notBefore,
                notAfter: template.notAfter,
                spkiSHA256: spki,
                der: nil,
                memberID: member.id
            )
        )
        let certificate = try CertificateBuilder.sign(template, by: issuer)
        let record = try store.attachDER(certificate: reserved.id, der: Data(try certificate.der))
        let file = directory.issuedCertificateFile(serialHex: serial.hex)
        try AtomicFile.write(try certificate.pem, to: file)
        return IssuedCertificate(certificate: certificate, record: record, file: file)
    }

    /// The key gate: a supported algorithm and size, a valid public key, not blocklisted, and not
    /// already certified for another member (DESIGN.md "Keys").
    private func checkKey(_ key: PublicKey, spkiSHA256: String, memberID: Int64) throws {
        try KeyQuality.check(key)
        if try store.isKeyBlocked(spkiSHA256: spkiSHA256) {
            throw refusal("this key is on the blocklist (compromised or weak); generate a new key pair")
        }
        if try store.certificates(withSPKI: spkiSHA256).contains(where: { $0.memberID != memberID }) {
            throw refusal("this key is already certified for another member; generate a new key pair")
        }
    }

    /// What goes into the certificate, taken from the CSR and checked against the registry.
    private func subjectAndNames(
        for request: IssuanceRequest,
        member: Member,
        now: Date
    ) throws
        -> (DistinguishedName, SubjectAlternativeNames)
    {
        let requested = try request.csr.requestedNames
        let policy = configuration.policy
        switch request.profile {
        case .smimeMailbox:
            var addresses = requested.emailAddresses
            if addresses.isEmpty {
                addresses =
                    request.csr.subject.values(of: .emailAddress)
                    + request.csr.subject.values(of: .commonName)
                    .filter(CertificateNames.isMailbox)
            }
            if addresses.isEmpty { addresses = [member.primaryEmail] }
            addresses = addresses.map { $0.lowercased() }.uniqued()
            guard requested.dnsNames.isEmpty else { throw refusal("an S/MIME request may not name DNS names") }
            for address in addresses {
                guard let email = try store.email(address), email.memberID == member.id, let verified = email.verifiedAt
                else {
                    throw refusal(
                        "\(address) is not a verified address of yours; add it with a mail to email@\(configuration.mailDomain)"
                    )
                }
                guard policy.mayReuseEmailValidation(validatedAt: verified, at: now) else {
                    throw refusal(
                        "the verification of \(address) is older than \(policy.emailValidationReuseDays) days; verify it again"
                    )
                }
            }
            return (
                DistinguishedName([(.commonName, addresses[0])]), SubjectAlternativeNames(emailAddresses: addresses)
            )
        case .tlsDomain:
            var dnsNames = requested.dnsNames + request.csr.subject.values(of: .commonName).filter { !$0.contains("@") }
            dnsNames = dnsNames.map { $0.lowercased() }.uniqued()
            guard !dnsNames.isEmpty else { throw refusal("a TLS request must name at least one DNS name") }
            guard requested.emailAddresses.isEmpty else { throw refusal("a TLS request may not name email addresses") }
            for name in dnsNames {
                guard CertificateNames.isPublicDNSName(name) else {
                    throw refusal("'\(name)' is not a public DNS name (no wildcards, IP addresses or internal names)")
                }
                try checkDomainControl(of: name, member: member, now: now)
            }
            return (DistinguishedName(), SubjectAlternativeNames(dnsNames: dnsNames))
        case .codeSigning:
            guard requested.isEmpty else { throw refusal("a code signing request carries no subjectAltName") }
            return (DistinguishedName([(.commonName, member.name)]), SubjectAlternativeNames())
        case .rootCA, .issuingCA:
            throw refusal("only S/MIME, TLS and code signing certificates are issued to members")
        }
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

extension CertificateProfile {
    /// The policy's name for a subscriber profile.
    var policyKind: CertificateProfileKind? {
        switch self {
        case .smimeMailbox: return .smime
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
