import Foundation
import Testing
import VouchTestSupport

@testable import Authority

/// The CAA check issuance calls (`checkCAA`), against NSD on 127.0.0.1 with signed, unsigned and
/// broken zones, and `vouch dns check` showing the same.
@Suite(.serialized) struct CAATests {
    static let zones: [TestNameServer.Zone] = [
        TestNameServer.Zone(
            "allow.example",
            .signed,
            [#"@ IN CAA 0 issue "ca.example.org""#, "loop1 IN CNAME loop2", "loop2 IN CNAME loop1"]
        ),
        TestNameServer.Zone("deny.example", .signed, [#"@ IN CAA 0 issue "other-ca.example""#]),
        TestNameServer.Zone("nobody.example", .signed, [#"@ IN CAA 0 issue ";""#]),
        TestNameServer.Zone(
            "wild.example",
            .signed,
            [#"@ IN CAA 0 issue ";""#, #"@ IN CAA 0 issuewild "ca.example.org""#]
        ),
        TestNameServer.Zone("onlywild.example", .unsigned, [#"@ IN CAA 0 issuewild "other-ca.example""#]),
        TestNameServer.Zone(
            "critical.example",
            .signed,
            [#"@ IN CAA 128 tbs "x""#, #"@ IN CAA 0 issue "ca.example.org""#]
        ),
        TestNameServer.Zone("plain.example", .unsigned, [#"www IN TXT "no CAA here""#]),
        TestNameServer.Zone("bogus.example", .brokenSignature, [#"@ IN CAA 0 issue "ca.example.org""#]),
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
            name: "allow.example",
            permitted: true,
            reason: "name ca.example.org",
            foundAt: "allow.example",
            dnssec: "secure"
        ),
        Row(
            name: "www.shop.allow.example",
            permitted: true,
            reason: "at allow.example",
            foundAt: "allow.example",
            dnssec: "secure"
        ),
        Row(
            name: "deny.example",
            permitted: false,
            reason: "allow only other-ca.example",
            foundAt: "deny.example",
            dnssec: "secure"
        ),
        Row(
            name: "nobody.example",
            permitted: false,
            reason: #"issue ";" forbids every CA"#,
            foundAt: "nobody.example",
            dnssec: "secure"
        ),
        Row(
            name: "www.wild.example",
            permitted: false,
            reason: "forbids every CA",
            foundAt: "wild.example",
            dnssec: "secure"
        ),
        Row(
            name: "*.wild.example",
            permitted: true,
            reason: "issuewild records at wild.example name ca.example.org",
            foundAt: "wild.example",
            dnssec: "secure"
        ),
        Row(
            name: "onlywild.example",
            permitted: true,
            reason: "wildcard names only",
            foundAt: "onlywild.example",
            dnssec: "insecure"
        ),
        Row(
            name: "*.onlywild.example",
            permitted: false,
            reason: "allow only other-ca.example",
            foundAt: "onlywild.example",
            dnssec: "insecure"
        ),
        Row(
            name: "critical.example",
            permitted: false,
            reason: "tag 'tbs' is one this CA does not understand",
            foundAt: "critical.example",
            dnssec: "secure"
        ),
        Row(name: "www.plain.example", permitted: true, reason: "no CAA records", foundAt: nil, dnssec: "insecure"),
        Row(name: "missing.example", permitted: true, reason: "no CAA records", foundAt: nil, dnssec: "secure"),
        Row(
            name: "www.bogus.example",
            permitted: false,
            reason: "do not validate (bogus)",
            foundAt: nil,
            dnssec: "bogus"
        ),
        Row(name: "loop1.allow.example", permitted: false, reason: "CNAME loop", foundAt: nil, dnssec: "failed"),
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
        // The climb: www.shop.allow.example, shop.allow.example, then the set at allow.example.
        let climbed = try #require(evidence.names.first { $0.name == "www.shop.allow.example" })
        #expect(climbed.lookups.map(\.name) == ["www.shop.allow.example", "shop.allow.example", "allow.example"])
        #expect(climbed.records == [#"0 issue "ca.example.org""#])
        // No CAA anywhere: every name up to the top-level domain was asked.
        let open = try #require(evidence.names.first { $0.name == "www.plain.example" })
        #expect(open.lookups.map(\.name) == ["www.plain.example", "plain.example", "example"])
    }

    @Test func checkCAARefusesWithEveryReasonAndRecordsTheEvidence() throws {
        let server = try TestNameServer(zones: Self.zones)
        let robot = try RobotHarness()
        try robot.use(server)
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let allowed = try authority.checkCAA(dnsNames: ["allow.example", "www.allow.example"], now: Date())
        #expect(allowed.permitted && allowed.summary.contains("allow.example: permitted"))
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.example", "deny.example", "www.bogus.example"], now: Date())
        }
        #expect(error?.code == .caaForbids)
        #expect(
            error?.reason.contains("deny.example: the CAA issue records at deny.example allow only other-ca.example")
                == true
        )
        #expect(
            error?.reason.contains("www.bogus.example: the CAA lookup of www.bogus.example gave no usable answer")
                == true
        )
        let reason = error?.reason ?? ""
        #expect(!reason.contains("issue for allow.example") && !reason.contains("; allow.example"), "\(reason)")
        let audit = try robot.sql(
            "SELECT action, subject, details FROM audit_log WHERE action = 'caa.check' ORDER BY seq"
        )
        let lines = audit.split(separator: "\n")
        #expect(lines.count == 2, "\(audit)")
        #expect(lines.first?.contains("permitted") == true)
        #expect(lines.last?.contains("refused") == true && lines.last?.contains("other-ca.example") == true)
        #expect(try authority.store.verifyAuditChain() == .ok(rows: try authority.store.latestAuditEntry()?.seq ?? 0))
    }

    @Test func aSilentResolverRefusesAfterTheTimeout() throws {
        let server = try TestNameServer(zones: [])
        let silent = try SilentNameServer()
        let robot = try RobotHarness()
        try robot.useResolver(silent.address, trustAnchor: server.trustAnchorFile, timeoutSeconds: 1)
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.example"], now: Date())
        }
        #expect(error?.code == .caaForbids)
        #expect(error?.reason.contains("had no answer within 1 seconds") == true, "\(error?.reason ?? "")")
    }

    @Test func aMissingTrustAnchorFailsClosed() throws {
        let robot = try RobotHarness()
        try robot.useResolver("127.0.0.1@9", trustAnchor: "/nonexistent/root.key")
        let authority = try CertificateAuthority.open(DataDirectory(robot.vouch.data), passphrase: nil)
        let error = #expect(throws: AuthorityError.self) {
            try authority.checkCAA(dnsNames: ["allow.example"], now: Date())
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
                "shown.example",
                .signed,
                [
                    #"_vouch-challenge IN TXT "some value""#,
                    #"_validation-contactemail IN TXT "hostmaster@shown.example""#,
                    #"@ IN CAA 0 issue "other-ca.example""#,
                ]
            )
        ])
        let robot = try RobotHarness()
        try robot.use(server)
        let text = try robot.vouch.run(["dns", "check", "Shown.Example"])
        #expect(text.succeeded, "\(text.transcript)")
        #expect(text.output.contains(#"_vouch-challenge.shown.example TXT: "some value" (secure)"#), "\(text.output)")
        #expect(text.output.contains("contact address: hostmaster@shown.example"), "\(text.output)")
        #expect(text.output.contains("TLS issuance refused"), "\(text.output)")
        let json = try robot.vouch.run(["dns", "check", "shown.example", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(report["contactAddress"] as? String == "hostmaster@shown.example")
        let caa = try #require(report["caa"] as? [String: Any])
        #expect(caa["permitted"] as? Bool == false && caa["relevantDomain"] as? String == "shown.example")
        let challenge = try #require(report["challenge"] as? [String: Any])
        #expect(challenge["dnssec"] as? String == "secure" && challenge["values"] as? [String] == ["some value"])
        let bad = try robot.vouch.run(["dns", "check", "localhost"])
        #expect(!bad.succeeded && bad.error.contains("not a public domain"), "\(bad.transcript)")
    }
}
