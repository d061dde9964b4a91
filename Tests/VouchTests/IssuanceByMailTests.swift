import Foundation
import Mail
import Testing
import VouchTestSupport

@testable import Authority
@testable import Jobs
@testable import PKI

/// A member's key and certificate request, made by the real `openssl req`.
struct MemberRequest {
    let key: String
    let pem: String

    static func make(
        in directory: TemporaryDirectory,
        subject: String = "/",
        names: String?,
        key: [String] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    ) throws -> MemberRequest {
        let id = UUID().uuidString
        let keyFile = directory.file("\(id).key").path
        let csrFile = directory.file("\(id).csr").path
        var arguments = ["req", "-new", "-nodes", "-keyout", keyFile, "-out", csrFile, "-subj", subject] + key
        if let names { arguments += ["-addext", "subjectAltName=\(names)"] }
        let made = try ExternalTool.openssl.run(arguments)
        #expect(made.succeeded, "\(made.transcript)")
        return MemberRequest(key: keyFile, pem: try String(contentsOfFile: csrFile, encoding: .utf8))
    }
}

extension RobotHarness {
    /// Every robot job that issues, as cron runs them.
    static let issuingJobs = ["intake", "requests", "csr", "expire"]

    /// Mails a CSR to csr@ and answers the authorisation the robot sends to `member`; returns the mail
    /// with the certificate.
    func requestCertificate(_ request: MemberRequest, from member: String, profile: String?) throws -> MailMessage {
        let field = profile.map { "Profile: \($0)\n" } ?? ""
        try deliver("From: \(member)\nTo: csr@ca.example.org\nSubject: csr\n\n\(field)\n\(request.pem)")
        try runJobs(Self.issuingJobs)
        let probes = try newMail()
        #expect(probes.count == 1, "\(probes.map { $0.textBody ?? "" })")
        let probe = try #require(probes.first { $0.to.first?.mailbox == member })
        #expect(probe.textBody?.contains("issue a") == true, "\(probe.textBody ?? "")")
        try reply(to: probe, from: member)
        try runJobs(Self.issuingJobs)
        let mail = try newMail()
        return try #require(
            mail.first { $0.subject?.contains("certificate") == true && !$0.attachments.isEmpty },
            "\(mail.map(\.subject))"
        )
    }

    /// Writes the attachments of a certificate mail into `directory`.
    func saveAttachments(_ mail: MailMessage, into directory: TemporaryDirectory) throws -> [String: String] {
        var paths: [String: String] = [:]
        for attachment in mail.attachments {
            let name = try #require(attachment.filename)
            paths[name] = try directory.write("\(UUID().uuidString)-\(name)", bytes: attachment.data)
        }
        return paths
    }

    var ca: URL { vouch.data.appendingPathComponent("ca") }

    func authority() throws -> CertificateAuthority {
        try CertificateAuthority.open(DataDirectory(vouch.data), passphrase: RobotHarness.passphrase)
    }

    /// Verifies a domain by the constructed-address method, answering both probes.
    func verifyDomain(_ domain: String, member: String) throws {
        try deliver(
            "From: \(member)\nTo: domain@ca.example.org\nSubject: d\n\nDomain: \(domain)\nContact: hostmaster\n"
        )
        try runJobs()
        for probe in try newMail() {
            try reply(to: probe, from: try #require(probe.to.first?.mailbox))
        }
        try runJobs()
        _ = try newMail()
    }
}

@Suite(.serialized) struct IssuanceByMailTests {
    private func lint(_ tool: String, _ arguments: [String], _ file: String) throws -> String {
        try ExternalTool.pkilintFindings(tool, arguments, file: file)
    }

    @Test func smimeByMailIsConfirmedIssuedAndVerifies() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(
            in: files,
            subject: "/CN=alice@example.org",
            names: "email:alice@example.org"
        )
        let mail = try robot.requestCertificate(request, from: "alice@example.org", profile: "smime")
        #expect(mail.to.map(\.mailbox) == ["alice@example.org"])
        let body = try #require(mail.textBody)
        #expect(body.contains("serial") && body.contains("valid until") && body.contains("/members/"))
        let saved = try robot.saveAttachments(mail, into: files)
        #expect(Set(saved.keys) == ["certificate.pem", "chain.pem", "certificate.p7c"])
        let certificate = try #require(saved["certificate.pem"])
        let verify = try ExternalTool.openssl.run(
            [
                "verify", "-x509_strict", "-purpose", "smimesign", "-CAfile",
                robot.ca.appendingPathComponent("root.pem").path,
                "-untrusted", robot.ca.appendingPathComponent("smime.pem").path, certificate,
            ],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
        )
        #expect(verify.succeeded, "\(verify.transcript)")
        #expect(try lint("lint_cabf_smime_cert", ["-t", "MAILBOX-STRICT"], certificate) == "")
        let p7 = try ExternalTool.openssl.run([
            "pkcs7", "-inform", "DER", "-in", try #require(saved["certificate.p7c"]), "-print_certs", "-noout",
        ])
        #expect(p7.output.components(separatedBy: "subject=").count - 1 == 3, "\(p7.transcript)")
        let chain = try String(contentsOfFile: try #require(saved["chain.pem"]), encoding: .utf8)
        #expect(chain.components(separatedBy: "BEGIN CERTIFICATE").count - 1 == 3)

        // Signed with that very certificate, the next request needs no confirmation: issued at once.
        let next = try MemberRequest.make(in: files, subject: "/", names: "email:alice@example.org")
        let signed = try ExternalTool.openssl.run(
            ["cms", "-sign", "-signer", certificate, "-inkey", request.key, "-text"],
            input: Array("Profile: smime\n\n\(next.pem)".utf8)
        )
        #expect(signed.succeeded, "\(signed.transcript)")
        try robot.deliver("From: alice@example.org\nTo: csr@ca.example.org\nSubject: signed csr\n" + signed.output)
        try robot.runJobs(RobotHarness.issuingJobs)
        let immediate = try robot.newMail()
        #expect(immediate.count == 1 && immediate[0].attachments.count == 3, "\(immediate.map { $0.textBody ?? "" })")
    }

    @Test func fiftyPointsBringTheIndividualValidatedProfile() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let authority = try robot.authority()
        let alice = try #require(try authority.store.member(byEmail: "alice@example.org"))
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(in: files, names: "email:alice@example.org")
        // Without the points: refused at once, with the rule.
        try robot.deliver(
            "From: alice@example.org\nTo: csr@ca.example.org\nSubject: c\n\nProfile: smime-individual\n\n\(request.pem)"
        )
        try robot.runJobs(RobotHarness.issuingJobs)
        #expect(try robot.newMail().first?.textBody?.contains("50 assurance points") == true)
        // Two assurers award 35 points each (recorded in the registry, as the assurance flow does).
        for (index, name) in ["Ann Assurer", "Ben Assurer"].enumerated() {
            let assurer = try authority.store.addMember(
                name: name,
                dateOfBirth: "1970-01-0\(index + 1)",
                primaryEmail: "assurer\(index)@example.org"
            )
            try authority.store.recordAssurance(
                assurer: assurer.id,
                assuree: alice.id,
                points: 35,
                meetingDate: "2026-11-01",
                location: "Meetup",
                method: .faceToFace,
                documents: "passport",
                capSigned: true
            )
        }
        let mail = try robot.requestCertificate(request, from: "alice@example.org", profile: "smime-individual")
        let saved = try robot.saveAttachments(mail, into: files)
        let certificate = try #require(saved["certificate.pem"])
        #expect(try lint("lint_cabf_smime_cert", ["-t", "INDIVIDUAL-STRICT"], certificate) == "")
        let text = try ExternalTool.openssl.run([
            "x509", "-in", certificate, "-noout", "-subject", "-nameopt", "multiline",
        ])
        #expect(
            text.output.contains("givenName") && text.output.contains("Alice") && text.output.contains("Example"),
            "\(text.output)"
        )
        let verify = try ExternalTool.openssl.run(
            [
                "verify", "-x509_strict", "-purpose", "smimesign", "-CAfile",
                robot.ca.appendingPathComponent("root.pem").path,
                "-untrusted", robot.ca.appendingPathComponent("smime.pem").path, certificate,
            ],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
        )
        #expect(verify.succeeded, "\(verify.transcript)")
    }

    @Test func aTLSCertificateIsServedAndTrustedWithTheRootAlone() throws {
        let robot = try RobotHarness()
        // CAA is looked up before the certificate is signed: a real nameserver on loopback serves the
        // domain, signed (DNSSEC), with no CAA set (issuance allowed).
        let nameServer = try TestNameServer(zones: [TestNameServer.Zone("shop.vouchtest", .signed)])
        try robot.use(nameServer)
        try robot.register("alice@example.org")
        try robot.verifyDomain("shop.vouchtest", member: "alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(
            in: files,
            names: "DNS:shop.vouchtest,DNS:www.shop.vouchtest",
            key: ["-newkey", "rsa:2048"]
        )
        let mail = try robot.requestCertificate(request, from: "alice@example.org", profile: nil)
        let saved = try robot.saveAttachments(mail, into: files)
        // What a server sends besides its own certificate: the issuing CA (and the root, harmlessly).
        let chain = try files.write(
            "server-chain.pem",
            try String(contentsOf: robot.ca.appendingPathComponent("tls.pem"), encoding: .utf8)
        )
        let certificate = try #require(saved["certificate.pem"])
        // pkilint's DV lint runs on the demo's TLS certificates (DemoTests): it knows the root zone and
        // so would flag the test zones' made-up top-level domain, which exists only on this loopback.

        let port = 20_000 + Int.random(in: 0..<20_000)
        let server = Process()
        server.executableURL = ExternalTool.openssl.executable
        server.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", request.key, "-cert_chain", chain,
            "-www", "-quiet",
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // s_server ignores the SIGTERM that `terminate()` sends: only SIGKILL stops it.
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var result: ExternalTool.Result?
        for _ in 0..<50 {
            usleep(100_000)
            result = try ExternalTool.openssl.run(
                [
                    "s_client", "-connect", "127.0.0.1:\(port)", "-servername", "www.shop.vouchtest",
                    "-verify_return_error",
                    "-verify_hostname", "www.shop.vouchtest", "-CAfile",
                    robot.ca.appendingPathComponent("root.pem").path,
                ],
                input: Array("Q\n".utf8),
                environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
            )
            if result?.output.contains("Verify return code") == true { break }
        }
        let handshake = try #require(result)
        #expect(handshake.output.contains("Verify return code: 0 (ok)"), "\(handshake.transcript)")
        // The CAA evidence is in the certificate's audit row.
        let audit = try ExternalTool.sqlite3.run([
            robot.vouch.data.appendingPathComponent("vouch.sqlite").path,
            "SELECT details FROM audit_log WHERE action = 'certificate.reserve' AND details LIKE '%tls%'",
        ])
        #expect(audit.output.contains("caa") && audit.output.contains("shop.vouchtest"), "\(audit.output)")

        // A CAA set naming another CA refuses the next request at once, with the reason.
        try nameServer.publish([
            TestNameServer.Zone("shop.vouchtest", .signed, ["@ IN CAA 0 issue \"other-ca.vouchtest\""])
        ])
        let refused = try MemberRequest.make(in: files, names: "DNS:shop.vouchtest")
        try robot.deliver("From: alice@example.org\nTo: csr@ca.example.org\nSubject: c\n\n\(refused.pem)")
        try robot.runJobs(RobotHarness.issuingJobs)
        #expect(try robot.newMail().first?.textBody?.contains("CAA does not allow this CA") == true)
    }

    @Test func revocationByMailReachesTheShardNamedInTheCertificate() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(in: files, names: "email:alice@example.org")
        let mail = try robot.requestCertificate(request, from: "alice@example.org", profile: "smime")
        let certificate = try #require(try robot.saveAttachments(mail, into: files)["certificate.pem"])
        let serial = try ExternalTool.openssl.run(["x509", "-in", certificate, "-noout", "-serial"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "serial=", with: "")
        let text = try ExternalTool.openssl.run(["x509", "-in", certificate, "-noout", "-ext", "crlDistributionPoints"])
            .output
        let url = try #require(text.split(separator: "\n").first { $0.contains("URI:") }).split(separator: "URI:")[1]
        let path = url.split(separator: "/crl/", maxSplits: 1)[1]

        // Someone else cannot revoke it, and an unknown serial is said to be unknown.
        try robot.register("bob@example.org", name: "Bob Example")
        try robot.deliver(
            "From: bob@example.org\nTo: revoke@ca.example.org\nSubject: r\n\nSerial: \(serial)\nReason: keyCompromise\n"
        )
        try robot.deliver(
            "From: alice@example.org\nTo: revoke@ca.example.org\nSubject: r\n\nSerial: 0123456789abcdef\n"
        )
        try robot.runJobs()
        let refusals = try robot.newMail()
        #expect(
            refusals.contains {
                $0.to.first?.mailbox == "bob@example.org" && $0.textBody?.contains("not one of yours") == true
            }
        )
        #expect(refusals.contains { $0.textBody?.contains("no certificate with serial") == true })

        try robot.deliver(
            "From: alice@example.org\nTo: revoke@ca.example.org\nSubject: r\n\nSerial: \(serial)\nReason: superseded\n"
        )
        try robot.runJobs()
        let authorise = try #require(try robot.newMail().first)
        #expect(authorise.textBody?.contains("revoke certificate") == true)
        try robot.reply(to: authorise, from: "alice@example.org")
        try robot.runJobs(["intake", "requests", "crl"])
        #expect(try robot.newMail().first?.subject?.contains("is revoked") == true)

        let crlFile = robot.vouch.data.appendingPathComponent("crl/\(path)").path
        let crl = try ExternalTool.openssl.run(["crl", "-inform", "DER", "-in", crlFile, "-noout", "-text"])
        #expect(crl.output.uppercased().contains(serial.uppercased()), "\(crl.output)")
        #expect(crl.output.contains("Superseded"))
        let pem = try ExternalTool.openssl.run(["crl", "-inform", "DER", "-in", crlFile]).output
        let crls = try files.write("crl.pem", pem)
        let verify = try ExternalTool.openssl.run(
            [
                "verify", "-crl_check", "-CAfile", robot.ca.appendingPathComponent("root.pem").path, "-untrusted",
                robot.ca.appendingPathComponent("smime.pem").path, "-CRLfile", crls, certificate,
            ],
            environment: ["SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil]
        )
        #expect(!verify.succeeded && verify.transcript.contains("certificate revoked"), "\(verify.transcript)")
        // Every shard of every CA lints clean.
        for ca in ["tls", "smime", "codesign"] {
            for shard in 0..<16 {
                let file = robot.vouch.data.appendingPathComponent("crl/\(ca)/\(shard).crl").path
                #expect(
                    try lint("lint_crl", ["-t", "CRL", "-p", "BR", "--document-format", "DER"], file) == "",
                    "\(ca)/\(shard)"
                )
            }
        }
    }

    @Test func badRequestsAreRefusedWithTheirReasonAndTheNextGoodOneIsIssued() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let fixtures = try TemporaryDirectory("vouch-bad-csrs")
        let made = try ExternalTool(RepositoryPaths.virtualenv.appendingPathComponent("bin/python")).run([
            RepositoryPaths.root.appendingPathComponent("scripts/fixtures/bad-csrs.py").path, fixtures.url.path,
        ])
        try #require(made.succeeded, "\(made.transcript)")
        func fixture(_ name: String) throws -> String { try String(contentsOf: fixtures.file(name), encoding: .utf8) }

        let blocked = try MemberRequest.make(in: fixtures, names: "email:alice@example.org")
        let blockedFile = try fixtures.write("blocked.csr", blocked.pem)
        #expect(try robot.vouch.run(["keys", "block", "--pem", blockedFile, "--reason", "test"]).succeeded)
        let good = try MemberRequest.make(in: fixtures, names: "email:alice@example.org")
        let goodLines = good.pem.split(separator: "\n")
        let cases: [(String, String)] = [
            (try fixture("rsa-1024.csr"), "RSA 1024 keys are not accepted"),
            (try fixture("rsa-2048-e3.csr"), "exponent must be 65537"),
            (try fixture("roca.csr"), "ROCA"),
            (try fixture("close-primes.csr"), "Fermat"),
            (try fixture("p192.csr"), "keys are not accepted"),
            (try fixture("p521.csr"), "keys are not accepted"),
            (try fixture("ed25519.csr"), "ED25519 keys are not accepted"),
            (try fixture("dsa.csr"), "DSA keys are not accepted"),
            (try fixture("invalid-ec-point.csr"), "not on its curve"),
            (try fixture("rsa-16384.csr"), "RSA 16384 keys are not accepted"),
            (try fixture("tampered.csr"), "signature does not verify"),
            (try fixture("ca-true.csr"), "asks for a CA certificate"),
            (try fixture("not-verified.csr"), "stranger@example.org is not a verified address of yours"),
            (try fixture("wildcard.csr"), "wildcard names"),
            (try fixture("ip-address.csr"), "only email addresses and DNS names are supported"),
            (try fixture("internal-name.csr"), "reserved and never public"),
            (try fixture("thousand-names.csr"), "1000 names"),
            (blocked.pem, "blocklist"),
            ("-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all!\n-----END CERTIFICATE REQUEST-----\n", "damaged"),
            (goodLines.prefix(3).joined(separator: "\n") + "\n" + goodLines.suffix(1).joined(), "whole and unaltered"),
            (
                good.pem.replacingOccurrences(
                    of: "-----END CERTIFICATE REQUEST-----",
                    with: "-----END CERTIFICATE REQUEST-----junk"
                ), "cannot be read"
            ),
            (good.pem + "\n" + blocked.pem, "2 certificate requests"),
            ("Please give me a certificate.", "holds no certificate request"),
        ]
        for (body, _) in cases {
            try robot.deliver("From: alice@example.org\nTo: csr@ca.example.org\nSubject: csr\n\n\(body)\n")
        }
        try robot.runJobs(RobotHarness.issuingJobs)
        let replies = try robot.newMail()
        #expect(replies.count == cases.count)
        for ((_, reason), reply) in zip(cases, replies) {
            #expect(reply.textBody?.contains(reason) == true, "expected '\(reason)' in: \(reply.textBody ?? "")")
        }
        // The batch went on: the next good request is confirmed and issued.
        let mail = try robot.requestCertificate(good, from: "alice@example.org", profile: nil)
        #expect(mail.attachments.count == 3)
    }
}

@Suite(.serialized) struct IssuanceLifecycleTests {
    @Test func aNewMemberCanDoEverythingOnTheFirstDay() throws {
        // register, an address, a domain and a CSR: four mails to the new member's own primary
        // address in one day, past the three a stranger's mailbox gets.
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        try robot.deliver("From: alice@example.org\nTo: email@ca.example.org\nSubject: e\n\nAdd: alice@example.net\n")
        try robot.runJobs()
        for probe in try robot.newMail() { try robot.reply(to: probe, from: try #require(probe.to.first?.mailbox)) }
        try robot.runJobs()
        _ = try robot.newMail()
        try robot.verifyDomain("example.com", member: "alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(in: files, names: "email:alice@example.net")
        let mail = try robot.requestCertificate(request, from: "alice@example.org", profile: "smime")
        #expect(mail.attachments.count == 3)
    }

    @Test func expiryNoticesGoOutOnceEachAndNotForRevokedOrRenewedCertificates() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let first = try robot.requestCertificate(
            try MemberRequest.make(in: files, names: "email:alice@example.org"),
            from: "alice@example.org",
            profile: "smime"
        )
        let serial = try #require(first.subject?.split(separator: " ").last.map(String.init))
        let authority = try robot.authority()
        let record = try #require(try authority.certificateReport(serialHex: serial))
        let notAfter = try #require(ISO8601DateFormatter().date(from: record.notAfter))
        func at(_ daysBefore: Double) -> Date { notAfter.addingTimeInterval(-daysBefore * 86_400) }

        try robot.runJobs(["notices"], now: at(40))
        #expect(try robot.newMail().isEmpty)
        try robot.runJobs(["notices"], now: at(29.5))
        let notice = try robot.newMail()
        #expect(
            notice.count == 1 && notice[0].subject?.contains("expires in 30 days") == true,
            "\(notice.map(\.subject))"
        )
        try robot.runJobs(["notices"], now: at(29))
        #expect(try robot.newMail().isEmpty)
        // First seen at 2 days: only the most urgent notice, not the 14-day one it missed.
        try robot.runJobs(["notices"], now: at(2))
        let urgent = try robot.newMail()
        #expect(
            urgent.count == 1 && urgent[0].subject?.contains("expires in 2 days") == true,
            "\(urgent.map(\.subject))"
        )

        // A renewed certificate (a later one for the same names) gets no notice; a revoked one neither.
        let second = try robot.requestCertificate(
            try MemberRequest.make(in: files, names: "email:alice@example.org"),
            from: "alice@example.org",
            profile: "smime"
        )
        let secondSerial = try #require(second.subject?.split(separator: " ").last.map(String.init))
        let third = try robot.requestCertificate(
            try MemberRequest.make(in: files, names: "email:alice@example.org"),
            from: "alice@example.org",
            profile: "smime"
        )
        let thirdSerial = try #require(third.subject?.split(separator: " ").last.map(String.init))
        try authority.revoke(serialHex: thirdSerial, reason: .superseded)
        let secondEnd = try #require(
            ISO8601DateFormatter().date(from: try authority.certificateReport(serialHex: secondSerial).notAfter)
        )
        try robot.runJobs(["notices"], now: secondEnd.addingTimeInterval(-10 * 86_400))
        let later = try robot.newMail()
        #expect(later.allSatisfy { $0.subject?.contains(thirdSerial) == false }, "\(later.map(\.subject))")
        #expect(later.count == 1 && later[0].subject?.contains(secondSerial) == true, "\(later.map(\.subject))")
    }

    @Test func theOperatorIssuesRevokesShowsListsAndBlocks() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let files = try TemporaryDirectory("vouch-issue")
        let request = try MemberRequest.make(in: files, names: "email:alice@example.org")
        let csrFile = try files.write("alice.csr", request.pem)
        let issued = try robot.vouch.run(["cert", "issue", "--member", "alice@example.org", csrFile])
        #expect(issued.succeeded && issued.output.contains("issued smime"), "\(issued.transcript)")
        let serial = try #require(issued.output.split(separator: " ").dropFirst(2).first.map(String.init))
        let shown = try robot.vouch.run(["cert", "show", serial, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "valid" && json["member"] as? String == "alice@example.org")
        #expect((json["crlURL"] as? String)?.contains("/crl/smime/") == true)
        let listed = try robot.vouch.run(["cert", "list", "--member", "alice@example.org", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [Any])?.count == 1)
        let expiring = try robot.vouch.run(["cert", "list", "--expiring", "7"])
        #expect(expiring.succeeded && expiring.output.isEmpty)
        let revoked = try robot.vouch.run(["cert", "revoke", serial, "--reason", "privilegeWithdrawn"])
        #expect(revoked.succeeded, "\(revoked.transcript)")
        #expect(try robot.vouch.run(["cert", "show", serial]).output.contains("revoked"))
        let again = try robot.vouch.run(["cert", "revoke", serial])
        #expect(!again.succeeded && again.error.contains("already revoked"))
        // The same key again: blocked by the operator, refused with the reason.
        let blocked = try robot.vouch.run(["keys", "block", "--pem", csrFile])
        #expect(blocked.succeeded && blocked.output.contains("1 new"), "\(blocked.transcript)")
        let refused = try robot.vouch.run(["cert", "issue", "--member", "alice@example.org", csrFile])
        #expect(!refused.succeeded && refused.error.contains("blocklist"), "\(refused.transcript)")
        let list = try files.write("list.txt", "# weak keys\n\(String(repeating: "ab", count: 32))\nnot-a-hash\n")
        let bad = try robot.vouch.run(["keys", "block", "--list", list])
        #expect(!bad.succeeded && bad.error.contains("list.txt:3"), "\(bad.transcript)")
    }

    @Test func aKeyCompromiseBlocksTheKeyAndRevokesItsOtherCertificates() throws {
        let robot = try RobotHarness()
        try robot.register("alice@example.org")
        let authority = try robot.authority()
        let alice = try #require(try authority.store.member(byEmail: "alice@example.org"))
        let key = try PrivateKey.generate(.p256)
        func issue() throws -> IssuedCertificate {
            try authority.issue(
                IssuanceRequest(
                    memberID: alice.id,
                    profile: .smimeMailbox,
                    csr: try CertificateSigningRequest.make(
                        key: key,
                        subject: DistinguishedName(),
                        names: SubjectAlternativeNames(emailAddresses: ["alice@example.org"])
                    )
                )
            )
        }
        let first = try issue()
        let second = try issue()
        try robot.deliver(
            "From: alice@example.org\nTo: revoke@ca.example.org\nSubject: r\n\nSerial: \(first.record.serialHex)\nReason: keyCompromise\n"
        )
        try robot.runJobs()
        try robot.reply(to: try #require(try robot.newMail().first), from: "alice@example.org")
        try robot.runJobs()
        let done = try #require(try robot.newMail().first)
        #expect(done.textBody?.contains(second.record.serialHex) == true, "\(done.textBody ?? "")")
        #expect(try authority.certificateReport(serialHex: second.record.serialHex).status == "revoked")
        #expect(throws: AuthorityError.self) { try issue() }
    }
}
