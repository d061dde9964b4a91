import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import PKI
@testable import Store

/// Issuance through the Authority: the policy's lifetimes and privileges, judged by pkilint.
@Suite struct IssuanceTests {
    static let passphrase = "issuance test passphrase"
    static let rootPassphrase = "issuance test root passphrase"
    let directory: TemporaryDirectory
    let authority: CertificateAuthority

    init() throws {
        directory = try TemporaryDirectory("vouch-issue")
        let data = DataDirectory(directory.file("var"))
        let configuration = try CAConfiguration(
            name: "Issuance Test",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            rootKey: .p384,
            // These tests judge lifetimes and names, not CAA (CAATests and the TLS end-to-end test do).
            dns: DNSSettings(mode: .offlineDemo)
        )
        authority = try KeyCeremony(
            directory: data,
            configuration: configuration,
            passphrase: Self.passphrase,
            rootPassphrase: Self.rootPassphrase
        ).perform()
    }

    private static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: "\(text)T12:00:00Z")! }

    private func member(_ email: String, domain: String? = nil, verifiedAt: Date) throws -> Member {
        let member = try authority.store.addMember(name: "Test Member", dateOfBirth: "1990-05-05", primaryEmail: email)
        _ = try authority.store.verifyEmail(email, method: "test", at: verifiedAt)
        if let domain {
            _ = try authority.store.addDomain(domain, member: member.id)
            _ = try authority.store.verifyDomain(
                domain,
                method: "test",
                contact: "hostmaster@\(domain)",
                at: verifiedAt
            )
        }
        return member
    }

    private func lint(_ tool: String, _ arguments: [String], _ certificate: Certificate) throws -> String {
        let file = try directory.write("cert-\(UUID().uuidString).pem", try certificate.pem)
        return try ExternalTool.pkilintFindings(tool, arguments, file: file)
    }

    @Test(arguments: [("2026-12-01", 199), ("2027-03-16", 99), ("2029-03-16", 46)])
    func tlsLifetimeFollowsTheBaselineRequirementsTable(date: String, days: Int) throws {
        let now = Self.day(date)
        let member = try member("tls-\(date)@example.org", domain: "tls-\(date).example.org", verifiedAt: now)
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(dnsNames: ["www.tls-\(date).example.org"])
        )
        let issued = try authority.issue(IssuanceRequest(memberID: member.id, profile: .tlsDomain, csr: csr), now: now)
        #expect(issued.certificate.validitySeconds == TimeInterval(days) * 86_400)
        #expect(issued.certificate.notBefore == now)
        // pkilint judges the lifetime by the certificate's own notBefore.
        #expect(try lint("lint_cabf_serverauth_cert", ["-t", "DV-FINAL-CERTIFICATE"], issued.certificate) == "")
    }

    @Test func smimeLifetimeBelowFiftyPointsIs180Days() throws {
        let now = Date().wholeSeconds
        let member = try member("newcomer@example.org", verifiedAt: now)
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["newcomer@example.org"])
        )
        let issued = try authority.issue(
            IssuanceRequest(memberID: member.id, profile: .smimeMailbox, csr: csr),
            now: now
        )
        #expect(issued.certificate.validitySeconds == 180 * 86_400)
        #expect(issued.certificate.subject.commonName == "newcomer@example.org")
        #expect(try lint("lint_cabf_smime_cert", ["-t", "MAILBOX-STRICT"], issued.certificate) == "")
        #expect(FileManager.default.fileExists(atPath: issued.file.path))
        // The serial was recorded, then the DER attached.
        #expect(try authority.store.certificate(id: issued.record.id)?.der != nil)
    }

    /// Shards are signed side by side, yet a CA's CRL numbers never repeat and every run's are above
    /// all the last run's; each file carries the number recorded for it.
    @Test func crlNumbersRiseAcrossShardsAndRuns() throws {
        let first = try authority.signCRLs(now: Date())
        let second = try authority.signCRLs(now: Date())
        #expect(first.count == 48 && second.count == 48)
        for ca in Set(first.map(\.ca.fileName)) {
            let before = first.filter { $0.ca.fileName == ca }.map(\.number)
            let after = second.filter { $0.ca.fileName == ca }.map(\.number)
            #expect(Set(before + after).count == before.count + after.count, "\(ca): a number was used twice")
            #expect(after.min()! > before.max()!, "\(ca): \(after) after \(before)")
        }
        for crl in second.filter({ $0.shard == 5 }) {
            let read = try ExternalTool.openssl.run([
                "crl", "-inform", "DER", "-in", crl.file.path, "-noout", "-crlnumber",
            ])
            #expect(read.succeeded, "\(read.transcript)")
            // `crlNumber=0x2A` or `crlNumber=2A`, in hexadecimal.
            let printed = read.output.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "=").last.map { $0.hasPrefix("0x") ? $0.dropFirst(2) : $0 }
            #expect(printed.flatMap { Int64($0, radix: 16) } == crl.number, "\(read.output) for \(crl.number)")
        }
    }

    @Test func refusalsNameTheRule() throws {
        let now = Date().wholeSeconds
        let member = try member("refused@example.org", domain: "refused.example.org", verifiedAt: now)
        let key = try PrivateKey.generate(.p256)
        func attempt(
            _ profile: CertificateProfile,
            _ names: SubjectAlternativeNames,
            subject: DistinguishedName = DistinguishedName()
        )
            throws -> String
        {
            let csr = try CertificateSigningRequest.make(key: key, subject: subject, names: names)
            do {
                _ = try authority.issue(IssuanceRequest(memberID: member.id, profile: profile, csr: csr), now: now)
                return "issued"
            } catch let error as AuthorityError {
                return error.reason
            }
        }
        #expect(
            try attempt(.codeSigning, SubjectAlternativeNames(), subject: DistinguishedName([(.commonName, "x")]))
                .contains("100")
        )
        #expect(
            try attempt(.smimeMailbox, SubjectAlternativeNames(emailAddresses: ["someone@example.net"])).contains(
                "not a verified address"
            )
        )
        #expect(
            try attempt(.tlsDomain, SubjectAlternativeNames(dnsNames: ["example.com"])).contains(
                "not under a verified domain"
            )
        )
        let stale = try self.member(
            "stale@example.org",
            domain: "stale.example.org",
            verifiedAt: now.addingTimeInterval(-40 * 86_400)
        )
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["stale@example.org"])
        )
        #expect {
            try authority.issue(IssuanceRequest(memberID: stale.id, profile: .smimeMailbox, csr: csr), now: now)
        } throws: { ($0 as? AuthorityError)?.reason.contains("older than 30 days") == true }
    }

    @Test func blockedAndForeignKeysAreRefused() throws {
        let now = Date().wholeSeconds
        let first = try member("first@example.org", verifiedAt: now)
        let second = try member("second@example.org", verifiedAt: now)
        let key = try PrivateKey.generate(.p256)
        func csr(_ email: String) throws -> CertificateSigningRequest {
            try CertificateSigningRequest.make(
                key: key,
                subject: DistinguishedName(),
                names: SubjectAlternativeNames(emailAddresses: [email])
            )
        }
        _ = try authority.issue(
            IssuanceRequest(memberID: first.id, profile: .smimeMailbox, csr: try csr("first@example.org")),
            now: now
        )
        #expect {
            try authority.issue(
                IssuanceRequest(memberID: second.id, profile: .smimeMailbox, csr: try csr("second@example.org")),
                now: now
            )
        } throws: { ($0 as? AuthorityError)?.reason.contains("another member") == true }
        _ = try authority.store.blockKey(spkiSHA256: try key.publicKey.fingerprint.hex, reason: "test: compromised")
        #expect {
            try authority.issue(
                IssuanceRequest(memberID: first.id, profile: .smimeMailbox, csr: try csr("first@example.org")),
                now: now
            )
        } throws: { ($0 as? AuthorityError)?.reason.contains("blocklist") == true }
    }

    @Test func wrongPassphraseSignsNothing() throws {
        let now = Date().wholeSeconds
        let member = try member("locked@example.org", verifiedAt: now)
        let locked = try CertificateAuthority.open(authority.directory, passphrase: "not the right passphrase")
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["locked@example.org"])
        )
        let before = try authority.store.latestAuditEntry()?.seq
        #expect {
            try locked.issue(IssuanceRequest(memberID: member.id, profile: .smimeMailbox, csr: csr), now: now)
        } throws: { ($0 as? AuthorityError)?.code == .wrongPassphrase }
        #expect(try authority.store.latestAuditEntry()?.seq == before)
        #expect(try authority.store.certificates(forMember: member.id).isEmpty)
    }
}
