import Authority
import Foundation
import PKI
import Site
import Store

/// `vouch demo`: a complete demo CA on an embedded default, driven as far as the system goes today.
///
/// Safe to run again: the CA, the members and their certificates are created only where missing;
/// the CRLs and the site are re-signed and rebuilt each time.
package struct Demo: Sendable {
    package let directory: DataDirectory
    package let siteOutput: URL
    package let templates: URL
    package let content: URL
    package let memberCount: Int
    package let now: Date
    /// Progress lines, for a terminal.
    package let say: @Sendable (String) -> Void

    package init(
        directory: DataDirectory,
        siteOutput: URL,
        templates: URL,
        content: URL,
        memberCount: Int = 22,
        now: Date = Date(),
        say: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.directory = directory
        self.siteOutput = siteOutput
        self.templates = templates
        self.content = content
        self.memberCount = min(max(0, memberCount), 400)
        self.now = now.wholeSeconds
        self.say = say
    }

    /// The demo's configuration: documentation names and numbers only (RFC 2606 domains, RFC 5612 PEN).
    package func configuration() throws -> CAConfiguration {
        try CAConfiguration(
            name: "Vouch Demo",
            country: "XX",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            site: SiteSettings(output: siteOutput.path, templates: templates.path, content: content.path),
            // The demo has no network: no DNS lookups, and CAA evidence says it was not checked.
            dns: DNSSettings(mode: .offlineDemo)
        )
    }

    /// What the demo left behind.
    package struct Summary: Sendable {
        package var issued: [IssuedCertificate] = []
        package var crls: [SignedCRL] = []
        package var siteFiles = 0
    }

    @discardableResult
    package func run() throws -> Summary {
        let passphrase = try demoPassphrase("passphrase")
        let rootPassphrase = try demoPassphrase("root-passphrase")
        if !directory.isInitialised {
            say(
                "key ceremony: root (\(try configuration().rootKey.rawValue)) and three issuing CAs in \(directory.url.path)"
            )
            try KeyCeremony(
                directory: directory,
                configuration: try configuration(),
                passphrase: passphrase,
                rootPassphrase: rootPassphrase,
                now: now
            ).perform()
        }
        say(
            "DEMO ONLY: the root key stays online in \(directory.offlineRootKeyFile.path) (its passphrase in \(directory.url.path)/root-passphrase) so the demo can sign the ARL; a real CA keeps it offline"
        )
        let authority = try CertificateAuthority.open(directory, passphrase: passphrase, actor: "demo")
        // A wrong passphrase must fail before anything is recorded.
        try authority.checkPassphrase()
        var summary = Summary()

        let community = Self.community(memberCount)
        let everyone = try seedMembers(authority, people: Self.cast + community)
        let byEmail = Dictionary(uniqueKeysWithValues: everyone.map { ($0.primaryEmail, $0) })
        let mailbox = DemoMailbox(authority: authority, now: now)
        try takeChallenges(authority, founders: Array(everyone.prefix(4)), mailbox: mailbox)
        let members = Array(everyone.prefix(5))
        // Members ask for their certificates by mail to csr@, confirm from their primary address, and
        // the CSR job issues: the demo plays each member's mail client.
        var keys: [String: PrivateKey] = [:]
        for (index, member) in members.enumerated() {
            for profile in profiles(forMemberAt: index) {
                let existing = try authority.store.certificates(forMember: member.id)
                if existing.contains(where: { $0.profile == profile.name && $0.der != nil }) { continue }
                let (key, csr) = try request(profile, for: member, index: index)
                keys["\(member.id)/\(profile.name)"] = key
                try mailbox.sendRequest(csr, profile: profile, from: member.primaryEmail)
            }
        }
        try mailbox.confirmAndIssue()
        for member in members {
            summary.issued += try issuedThisRun(authority, to: member, saying: "by mail to csr@")
        }
        try growCommunity(authority, members: byEmail, community: community, keys: keys, mailbox: mailbox)
        summary.issued += try requestNamedCertificate(authority, member: members[4], mailbox: mailbox)
        try arbitrate(authority, members: byEmail)
        try revokeOne(authority, member: members[1], key: keys["\(members[1].id)/smime"], mailbox: mailbox)
        summary.crls = try authority.signCRLs(now: now)
        summary.crls.append(
            try authority.signARL(
                by: try authority.rootIssuer(keyFile: directory.offlineRootKeyFile, passphrase: rootPassphrase),
                now: now
            )
        )
        try authority.publishAuditCheckpoint(now: now)
        let byCA = Dictionary(grouping: summary.crls, by: \.ca.fileName)
        for (ca, crls) in byCA.sorted(by: { $0.key < $1.key }) {
            say(
                "signed \(crls.count) CRL\(crls.count == 1 ? "" : "s") of \(ca) (\(crls.map(\.entries).reduce(0, +)) entries), next update \(crls[0].nextUpdate)"
            )
        }
        try releaseBundles(authority, rootPassphrase: rootPassphrase)
        let report = try SiteBuilder(authority: authority, output: siteOutput, templates: templates, content: content)
            .build()
        summary.siteFiles = report.fileCount
        say("site: \(report.fileCount) files in \(siteOutput.path)")
        return summary
    }

    /// The demo keeps its passphrases (the issuing keys', the root key's) in 0600 files in the data
    /// directory, made on first run.
    private func demoPassphrase(_ name: String) throws -> String {
        let file = directory.url.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: file.path) {
            return try Passphrase.resolve(file: file.path)
        }
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let passphrase = Passphrase.generate()
        try AtomicFile.write(passphrase + "\n", to: file, mode: 0o600)
        return passphrase
    }

    /// Synthetic members, registered and verified the way real ones are: by mail to the robot,
    /// answered through the probes it sends (the demo plays each member's mailbox); then a founding
    /// round of assurances among the first four, written to the registry because nobody could
    /// assure the first assurers: from then on every assurance goes through the policy.
    private func seedMembers(_ authority: CertificateAuthority, people: [Person]) throws -> [Member] {
        let store = authority.store
        let mailbox = DemoMailbox(authority: authority, now: now)
        for person in people where try store.member(byEmail: person.email) == nil {
            try mailbox.send(
                from: "\(person.name) <\(person.email)>",
                to: "register@",
                body: "Name: \(person.name)\nDate-Of-Birth: \(person.birth)\n"
                    + (person.language.map { "Language: \($0)\n" } ?? "")
            )
        }
        try mailbox.runRobot()
        try mailbox.answerProbes()
        for person in people {
            guard let domain = person.domain, try store.domain(domain) == nil else { continue }
            try mailbox.send(from: person.email, to: "domain@", body: "Domain: \(domain)\nContact: hostmaster\n")
        }
        try mailbox.runRobot()
        try mailbox.answerProbes()
        var members: [Member] = []
        for person in people {
            guard let member = try store.member(byEmail: person.email) else {
                throw AuthorityError(.refused, "the demo could not register \(person.email) by mail")
            }
            members.append(member)
        }
        say(
            "registered by mail: \(members.prefix(Self.cast.count).map(\.primaryEmail).joined(separator: ", ")) and \(max(0, members.count - Self.cast.count)) more (robot mail in \(directory.outbox.path))"
        )
        let founders = Array(members.prefix(4))
        let meeting = Self.isoDay(now.addingTimeInterval(-86_400))
        for assurer in founders {
            for assuree in founders where assuree.id != assurer.id {
                guard try store.assurance(assurer: assurer.id, assuree: assuree.id) == nil else { continue }
                _ = try store.recordAssurance(
                    assurer: assurer.id,
                    assuree: assuree.id,
                    points: 35,
                    meetingDate: meeting,
                    location: "Demo founding meeting",
                    method: .faceToFace,
                    documents: "passport",
                    capSigned: true
                )
            }
        }
        return members
    }

    /// Alice gets all three profiles, Bob S/MIME and TLS, everyone else S/MIME.
    private func profiles(forMemberAt index: Int) -> [CertificateProfile] {
        switch index {
        case 0: return [.smimeMailbox, .tlsDomain, .codeSigning]
        case 1: return [.smimeMailbox, .tlsDomain]
        default: return [.smimeMailbox]
        }
    }

    /// A key and a CSR as a member's software would make them.
    private func request(
        _ profile: CertificateProfile,
        for member: Member,
        index: Int
    ) throws -> (PrivateKey, CertificateSigningRequest) {
        let person = Self.cast[index]
        switch profile {
        case .tlsDomain:
            guard let domain = person.domain else {
                throw AuthorityError(.refused, "the demo has no domain for \(person.email)")
            }
            let key = try PrivateKey.generate(index == 0 ? .p256 : .rsa2048)
            return (
                key,
                try CertificateSigningRequest.make(
                    key: key,
                    subject: DistinguishedName(),
                    names: SubjectAlternativeNames(dnsNames: [domain, "www.\(domain)"])
                )
            )
        case .codeSigning:
            let key = try PrivateKey.generate(.p384)
            return (
                key,
                try CertificateSigningRequest.make(key: key, subject: DistinguishedName([(.commonName, member.name)]))
            )
        default:
            let key = try PrivateKey.generate(index % 2 == 0 ? .p256 : .rsa2048)
            return (
                key,
                try CertificateSigningRequest.make(
                    key: key,
                    subject: DistinguishedName([(.commonName, member.primaryEmail)]),
                    names: SubjectAlternativeNames(emailAddresses: [member.primaryEmail])
                )
            )
        }
    }

    /// Bob revokes his S/MIME certificate (superseded) by mail to revoke@, once: signed with that very
    /// certificate when the demo still holds its key (so no confirmation is needed), else confirmed by
    /// reply like any unsigned request.
    private func revokeOne(
        _ authority: CertificateAuthority,
        member: Member,
        key: PrivateKey?,
        mailbox: DemoMailbox
    ) throws {
        let certificates = try authority.store.certificates(forMember: member.id).filter {
            $0.profile == CertificateProfile.smimeMailbox.name && $0.der != nil
        }
        guard !certificates.contains(where: { $0.revokedAt != nil }), let target = certificates.first else { return }
        let body = "Serial: \(target.serialHex)\nReason: superseded\n"
        if let key, let der = target.der {
            try mailbox.sendSigned(
                from: member.primaryEmail,
                to: "revoke@",
                body: body,
                certificate: try Certificate(der: Array(der)),
                key: key
            )
            try mailbox.runRobot()
            say(
                "revoked \(target.serialHex) of \(member.primaryEmail) (superseded) by an S/MIME-signed mail to revoke@"
            )
        } else {
            try mailbox.send(from: member.primaryEmail, to: "revoke@", body: body)
            try mailbox.runRobot()
            try mailbox.answerProbes()
            say("revoked \(target.serialHex) of \(member.primaryEmail) (superseded) by mail to revoke@")
        }
    }

    /// Erin, at 50 points, asks for an S/MIME certificate with her name in it (once).
    private func requestNamedCertificate(
        _ authority: CertificateAuthority,
        member: Member,
        mailbox: DemoMailbox
    ) throws -> [IssuedCertificate] {
        let profile = CertificateProfile.smimeIndividual
        guard try !authority.store.certificates(forMember: member.id).contains(where: { $0.profile == profile.name })
        else { return [] }
        let key = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: key,
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: [member.primaryEmail])
        )
        try mailbox.sendRequest(csr, profile: profile, from: member.primaryEmail)
        try mailbox.confirmAndIssue()
        return try issuedThisRun(authority, to: member, profile: profile, saying: "by mail to csr@, at 50 points")
    }

    /// The certificates issued to `member` in this run (of `profile`, if given), each said once.
    private func issuedThisRun(
        _ authority: CertificateAuthority,
        to member: Member,
        profile: CertificateProfile? = nil,
        saying how: String
    ) throws -> [IssuedCertificate] {
        try authority.store.certificates(forMember: member.id).compactMap { record in
            guard let der = record.der, record.recordedAt >= now, profile.map({ $0.name == record.profile }) ?? true
            else { return nil }
            say("issued \(record.profile) \(record.serialHex) to \(member.primaryEmail) \(how)")
            return IssuedCertificate(
                certificate: try Certificate(der: Array(der)),
                record: record,
                file: directory.issuedCertificateFile(serialHex: record.serialHex)
            )
        }
    }

    static func isoDay(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
