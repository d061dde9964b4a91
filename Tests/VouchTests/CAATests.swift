import Foundation
import Testing
import VouchTestSupport

@testable import Authority

/// The CAA check issuance calls (`checkCAA`), against NSD on 127.0.0.1 with signed, unsigned and
/// broken zones, and `vouch dns check` showing the same.
@Suite(.serialized) struct CAATests {
    static let zones: [TestNameServer.Zone] = [
        TestNameServer.Zone(
            "allow.vouchtest",
            .signed,
            [#"@ IN CAA 0 issue "ca.example.org""#, "loop1 IN CNAME loop2", "loop2 IN CNAME loop1"]
        ),
        TestNameServer.Zone("deny.vouchtest", .signed, [#"@ IN CAA 0 issue "other-ca.vouchtest""#]),
        TestNameServer.Zone("nobody.vouchtest", .signed, [#"@ IN CAA 0 issue ";""#]),
        TestNameServer.Zone(
            "wild.vouchtest",
            .signed,
            [#"@ IN CAA 0 issue ";""#, #"@ IN CAA 0 issuewild "ca.example.org""#]
        ),
        TestNameServer.Zone("onlywild.vouchtest", .unsigned, [#"@ IN CAA 0 issuewild "other-ca.vouchtest""#]),
        TestNameServer.Zone(
            "critical.vouchtest",
            .signed,
            [#"@ IN CAA 128 tbs "x""#, #"@ IN CAA 0 issue "ca.example.org""#]
        ),
        TestNameServer.Zone("plain.vouchtest", .unsigned, [#"www IN TXT "no CAA here""#]),
        TestNameServer.Zone("bogus.vouchtest", .brokenSignature, [#"@ IN CAA 0 issue "ca.example.org""#]),
    ]

    struct Row: Sendable {
        let name: String
        let permitted: Bool
        let reason: String
        /// Where the Relevant RRset was found (nil: nowhere).
        let foundAt: String?
        /// The DNSSEC state of the first lookup.
        let dnssec: String
    }

    static let rows: [Row] = [
        Row(
            name: "allow.vouchtest",
            permitted: true,
            reason: "name ca.example.org",
            foundAt: "allow.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "www.shop.allow.vouchtest",
            permitted: true,
            reason: "at allow.vouchtest",
            foundAt: "allow.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "deny.vouchtest",
            permitted: false,
            reason: "allow only other-ca.vouchtest",
            foundAt: "deny.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "nobody.vouchtest",
            permitted: false,
            reason: #"issue ";" forbids every CA"#,
            foundAt: "nobody.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "www.wild.vouchtest",
            permitted: false,
            reason: "forbids every CA",
            foundAt: "wild.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "*.wild.vouchtest",
            permitted: true,
            reason: "issuewild records at wild.vouchtest name ca.example.org",
            foundAt: "wild.vouchtest",
            dnssec: "secure"
        ),
        Row(
            name: "onlywild.vouchtest",
            permitted: true,
            reason: "wildcard names only",
            foundAt: "onlywild.vouchtest",
            dnssec: "insecure"
        ),
        Row(
            name: "*.onlywild.vouchtest",
            permitted: false,
            reason: "allow only other-ca.vouchtest",
            foundAt: "onlywild.vouchtest",
            dnssec: "insecure"
        ),
        Row(
            name: "critical.vouchtest",
            permitted: false,
            reason: "tag 'tbs' is one this CA does not understand",
            foundAt: "critical.vouchtest",
            dnssec: "secure"
        ),
        Row(name: "www.plain.vouchtest", permitted: true, reason: "no CAA records", foundAt: nil, dnssec: "insecure"),
        Row(name: "missing.vouchtest", permitted: true, reason: "no CAA records", foundAt: nil, dnssec: "secure"),
        Row(
            name: "www.bogus.vouchtest",
            permitted: false,
            reason: "do not validate (bogus)",
            foundAt: nil,
            dnssec: "bogus"
        ),
        Row(name: "loop1.allow.vouchtest", permitted: false, reason: "CNAME loop", foundAt: nil, dnssec: "failed"),
    ]

    @Test func everyNameGetsItsOwnDecisionInOneCheck() throws {
        let server = try TestNameServer(zones: Self.zones)
        let robot = try RobotHarness()
        try robot.use(server)
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let evidence = try authority.evaluateCAA(dnsNames: Self.rows.map(\.name), now: Date())
        #expect(evidence.checked && evidence.identities == ["ca.example.org"])
        #expect(evidence.names.count == Self.rows.count)
        for (row, found) in zip(Self.rows, evidence.names) {
            #expect(found.name == row.name)
            #expect(found.permitted == row.permitted, "\(row.name): \(found.reason)")
            #expect(found.reason.contains(row.reason), "\(row.name): \(found.reason)")
            #expect(found.relevantDomain == row.foundAt, "\(row.name): \(found)")
            #expect(found.lookups.first?.dnssec == row.dnssec, "\(row.name): \(found.lookups)")
        }
        // The climb: www.shop.allow.vouchtest, shop.allow.vouchtest, then the set at allow.vouchtest.
        let climbed = try #require(evidence.names.first { $0.name == "www.shop.allow.vouchtest" })
        #expect(climbed.lookups.map(\.name) == ["www.shop.allow.vouchtest", "shop.allow.vouchtest", "allow.vouchtest"])
        #expect(climbed.records == [#"0 issue "ca.example.org""#])
        // No CAA anywhere: every name up to the top-level domain was asked.
        let open = try #require(evidence.names.first { $0.name == "www.plain.vouchtest" })
        #expect(open.lookups.map(\.name) == ["www.plain.vouchtest", "plain.vouchtest", "vouchtest"])
    }

    @Test func checkCAARefusesWithEveryReasonAndRecordsTheEvidence() throws {
        let server = try TestNameServer(zones: Self.zones)
        let robot = try RobotHarness()
        try robot.use(server)
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let allowed = try authority.checkCAA(dnsNames: ["allow.vouchtest", "www.allow.vouchtest"], now: Date())
        #expect(allowed.permitted && allowed.summary.contains("allow.vouchtest: permitted"))
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.vouchtest", "deny.vouchtest", "www.bogus.vouchtest"], now: Date())
        }
        #expect(error?.code == .caaForbids)
        #expect(
            error?.reason.contains(
                "deny.vouchtest: the CAA issue records at deny.vouchtest allow only other-ca.vouchtest"
            )
                == true
        )
        #expect(
            error?.reason.contains("www.bogus.vouchtest: the CAA lookup of www.bogus.vouchtest gave no usable answer")
                == true
        )
        let reason = error?.reason ?? ""
        #expect(!reason.contains("issue for allow.vouchtest") && !reason.contains("; allow.vouchtest"), "\(reason)")
        let audit = try robot.sql(
            "SELECT action, subject, details FROM audit_log WHERE action = 'caa.check' ORDER BY seq"
        )
        let lines = audit.split(separator: "\n")
        #expect(lines.count == 2, "\(audit)")
        #expect(lines.first?.contains("permitted") == true)
        #expect(lines.last?.contains("refused") == true && lines.last?.contains("other-ca.vouchtest") == true)
        #expect(try authority.store.verifyAuditChain() == .ok(rows: try authority.store.latestAuditEntry()?.seq ?? 0))
    }

    @Test func aSilentResolverRefusesAfterTheTimeout() throws {
        let server = try TestNameServer(zones: [])
        let silent = try SilentNameServer()
        let robot = try RobotHarness()
        try robot.useResolver(silent.address, trustAnchor: server.trustAnchorFile, timeoutSeconds: 1)
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.vouchtest"], now: Date())
        }
        #expect(error?.code == .caaForbids)
        #expect(error?.reason.contains("had no answer within 1 seconds") == true, "\(error?.reason ?? "")")
    }

    @Test func aMissingTrustAnchorFailsClosed() throws {
        let robot = try RobotHarness()
        try robot.useResolver("127.0.0.1@9", trustAnchor: "/nonexistent/root.key")
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.vouchtest"], now: Date())
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.reason.contains("/nonexistent/root.key cannot be read") == true, "\(error?.reason ?? "")")
    }

    @Test func theOfflineDemoSaysItDidNotCheck() throws {
        let robot = try RobotHarness()
        let file = robot.vouch.data.appendingPathComponent("config.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "[dns]\n", with: "[dns]\nmode = \"offline-demo\"\n").utf8).write(
            to: file
        )
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let evidence = try authority.checkCAA(dnsNames: ["www.example.net"], now: Date())
        #expect(!evidence.checked && evidence.summary == "not checked: demo CA without DNS")
        #expect(
            try robot.sql("SELECT details FROM audit_log WHERE action = 'caa.check'").contains(
                "not checked: demo CA without DNS"
            )
        )
        let check = try robot.vouch.run(["dns", "check", "example.net"])
        #expect(!check.succeeded && check.error.contains("offline-demo"), "\(check.transcript)")
        try robot.register("alice@example.org")
        try robot.askForDomain("Domain: example.net\nMethod: dns")
        let reply = try #require(try robot.newMail().first)
        #expect(reply.textBody?.contains("this demo CA makes no DNS lookups") == true, "\(reply.textBody ?? "")")
    }

    @Test func dnsCheckShowsWhatTheResolverSees() throws {
        let server = try TestNameServer(zones: [
            TestNameServer.Zone(
                "shown.vouchtest",
                .signed,
                [
                    #"_vouch-challenge IN TXT "some value""#,
                    #"_validation-contactemail IN TXT "hostmaster@shown.vouchtest""#,
                    #"@ IN CAA 0 issue "other-ca.vouchtest""#,
                ]
            )
        ])
        let robot = try RobotHarness()
        try robot.use(server)
        let text = try robot.vouch.run(["dns", "check", "Shown.Vouchtest"])
        #expect(text.succeeded, "\(text.transcript)")
        #expect(text.output.contains(#"_vouch-challenge.shown.vouchtest TXT: "some value" (secure)"#), "\(text.output)")
        #expect(text.output.contains("contact address: hostmaster@shown.vouchtest"), "\(text.output)")
        #expect(text.output.contains("TLS issuance refused"), "\(text.output)")
        let json = try robot.vouch.run(["dns", "check", "shown.vouchtest", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["contactAddress"] as? String == "hostmaster@shown.vouchtest")
        let caa = try #require(report["caa"] as? [String: Any])
        #expect(caa["permitted"] as? Bool == false && caa["relevantDomain"] as? String == "shown.vouchtest")
        let challenge = try #require(report["challenge"] as? [String: Any])
        #expect(challenge["dnssec"] as? String == "secure" && challenge["values"] as? [String] == ["some value"])
        let bad = try robot.vouch.run(["dns", "check", "localhost"])
        #expect(!bad.succeeded && bad.error.contains("not a public domain"), "\(bad.transcript)")
    }
}
