import DNS
import Testing

/// RFC 8659 and TLS BR 3.2.2.8 as a table: each row is a Relevant RRset and what it allows.
@Suite struct CAARuleTests {
    static let identities = ["ca.example.org"]

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let records: [CAARecord]
        let permitted: Bool
        let reasonContains: String
        var testDescription: String { "\(name) \(records.map(\.presentation)) → \(permitted)" }
    }

    static func record(_ flags: UInt8, _ tag: String, _ value: String) -> CAARecord {
        CAARecord(flags: flags, tag: tag, value: value)
    }

    static let rows: [Row] = [
        Row(name: "www.example.net", records: [], permitted: true, reasonContains: "no CAA records"),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "name ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "other-ca.example")],
            permitted: false,
            reasonContains: "allow only other-ca.example"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", ";")],
            permitted: false,
            reasonContains: "forbids every CA"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "  ;  ")],
            permitted: false,
            reasonContains: "forbids every CA"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "CA.Example.ORG; accounturi=https://ca.example.org/1")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "ISSUE", "ca.example.org")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "other-ca.example"), record(0, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", ";"), record(0, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(128, "tbs", "x"), record(0, "issue", "ca.example.org")],
            permitted: false,
            reasonContains: "critical"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "tbs", "x"), record(0, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(128, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "ca.example.org"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "iodef", "mailto:security@example.net")],
            permitted: true,
            reasonContains: "no issue property"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issuewild", "other-ca.example")],
            permitted: true,
            reasonContains: "wildcard names only"
        ),
        Row(
            name: "*.example.net",
            records: [record(0, "issuewild", "other-ca.example")],
            permitted: false,
            reasonContains: "issuewild records at example.net allow only other-ca.example"
        ),
        Row(
            name: "*.example.net",
            records: [record(0, "issuewild", ";"), record(0, "issue", "ca.example.org")],
            permitted: false,
            reasonContains: "forbids every CA"
        ),
        Row(
            name: "*.example.net",
            records: [record(0, "issuewild", "ca.example.org"), record(0, "issue", ";")],
            permitted: true,
            reasonContains: "issuewild"
        ),
        Row(
            name: "*.example.net",
            records: [record(0, "issue", "ca.example.org")],
            permitted: true,
            reasonContains: "issue records"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "ca example org")],
            permitted: false,
            reasonContains: "cannot be read"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "ca.example.org; broken")],
            permitted: false,
            reasonContains: "cannot be read"
        ),
        Row(
            name: "www.example.net",
            records: [record(0, "issue", "-ca.example.org")],
            permitted: false,
            reasonContains: "cannot be read"
        ),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let decision = CAARule.decide(
            name: row.name,
            relevantSet: row.records,
            foundAt: row.records.isEmpty ? nil : "example.net",
            identities: Self.identities
        )
        #expect(decision.permitted == row.permitted, "\(decision.reason)")
        #expect(decision.reason.contains(row.reasonContains), "\(decision.reason)")
    }

    @Test func refusalsSayHowToAllowThisCA() {
        let decision = CAARule.decide(
            name: "www.example.net",
            relevantSet: [Self.record(0, "issue", "other-ca.example")],
            foundAt: "example.net",
            identities: Self.identities
        )
        #expect(decision.reason.contains(#"example.net. CAA 0 issue "ca.example.org""#), "\(decision.reason)")
    }

    @Test(arguments: [
        ("www.a.example.net", ["www.a.example.net", "a.example.net", "example.net", "net"]),
        ("WWW.Example.NET.", ["www.example.net", "example.net", "net"]),
        ("*.example.net", ["example.net", "net"]),
    ])
    func climbsToTheTopLevelDomainNeverTheRoot(name: String, order: [String]) {
        #expect(CAARule.searchOrder(for: name) == order)
    }

    @Test func parsesWireRecords() throws {
        let rdata: [UInt8] = [128, 5] + Array("issue".utf8) + Array("ca.example.org".utf8)
        let record = try CAARecord(rdata: rdata)
        #expect(record.isCritical && record.tag == "issue" && record.valueText == "ca.example.org")
        #expect(record.presentation == #"128 issue "ca.example.org""#)
        #expect(throws: DNSError.self) { try CAARecord(rdata: [0, 9, 0x69]) }
        #expect(throws: DNSError.self) { try CAARecord(rdata: [0, 2, 0x69, 0x2D]) }
    }

    @Test func parsesIssuerValues() {
        #expect(CAAIssuerValue(Array("ca.example.org".utf8))?.issuer == "ca.example.org")
        #expect(CAAIssuerValue(Array(";".utf8))?.issuer == nil)
        #expect(CAAIssuerValue(Array(";".utf8)) != nil)
        #expect(CAAIssuerValue(Array("".utf8))?.issuer == nil)
        let withParameters = CAAIssuerValue(Array("ca.example.org; accounturi=x ; validationmethods=dns-01".utf8))
        #expect(withParameters?.parameters == ["accounturi": "x", "validationmethods": "dns-01"])
        #expect(CAAIssuerValue(Array("ca..example".utf8)) == nil)
        #expect(CAAIssuerValue(Array("ca.example.org; a b=c".utf8)) == nil)
    }

    @Test func readsTXTStrings() throws {
        let record = try TXTRecord(rdata: [3] + Array("abc".utf8) + [2] + Array("de".utf8))
        #expect(record.text == "abcde" && record.strings.count == 2)
        #expect(record.presentation == #""abc" "de""#)
        #expect(throws: DNSError.self) { try TXTRecord(rdata: [5, 0x61]) }
    }
}
