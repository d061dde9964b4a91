import DNS
import Foundation
import Testing
import VouchTestSupport

/// The resolver against a real NSD on loopback, validating from the test zone's own trust anchor.
@Suite(.serialized) struct ResolverTests {
    static let zones: [TestNameServer.Zone] = [
        TestNameServer.Zone(
            "signed.vouchtest",
            .signed,
            [
                #"_vouch-challenge IN TXT "one value""#,
                #"split IN TXT "first half " "second half""#,
                #"@ IN CAA 0 issue "ca.example.org""#,
                "loop1 IN CNAME loop2", "loop2 IN CNAME loop1",
                "alias IN CNAME www.unsigned.vouchtest.",
            ]
        ),
        TestNameServer.Zone("unsigned.vouchtest", .unsigned, [#"www IN CAA 128 tbs "x""#, #"txt IN TXT "plain""#]),
        TestNameServer.Zone("bogus.vouchtest", .brokenSignature, [#"_vouch-challenge IN TXT "forged""#]),
    ]

    let server: TestNameServer
    let resolver: Resolver

    init() throws {
        server = try TestNameServer(zones: Self.zones)
        resolver = try Resolver(
            Resolver.Configuration(
                forwarder: server.address,
                trustAnchorFile: server.trustAnchorFile,
                timeoutSeconds: 5
            )
        )
    }

    @Test func signedAnswersAreSecure() throws {
        let answer = try resolver.txt("_vouch-challenge.signed.vouchtest")
        #expect(answer.dnssec == .secure)
        #expect(answer.records.map(\.text) == ["one value"])
        let split = try resolver.txt("split.signed.vouchtest")
        #expect(split.records.map(\.text) == ["first half second half"])
        #expect(split.records.first?.strings.count == 2)
    }

    @Test func unsignedAnswersAreInsecure() throws {
        let answer = try resolver.txt("txt.unsigned.vouchtest")
        #expect(answer.dnssec == .insecure)
        #expect(answer.records.map(\.text) == ["plain"])
        let caa = try resolver.caa("www.unsigned.vouchtest")
        #expect(caa.records == [CAARecord(flags: 128, tag: "tbs", value: "x")])
    }

    @Test func missingNamesAreSecureEmptyAnswers() throws {
        let missing = try resolver.txt("nothing.signed.vouchtest")
        #expect(!missing.nameExists && missing.records.isEmpty && missing.dnssec == .secure)
        let nodata = try resolver.txt("signed.vouchtest")
        #expect(nodata.nameExists && nodata.records.isEmpty && nodata.dnssec == .secure)
    }

    @Test func bogusAnswersAreRefused() throws {
        let raw = try resolver.query("_vouch-challenge.bogus.vouchtest", .txt)
        #expect(raw.dnssec == .bogus, "\(raw)")
        let error = #expect(throws: DNSError.self) { try resolver.txt("_vouch-challenge.bogus.vouchtest") }
        #expect(error?.code == .bogus)
        #expect(error?.reason.contains("bogus") == true, "\(error?.reason ?? "")")
    }

    @Test func aliasesAreFollowed() throws {
        let caa = try resolver.caa("alias.signed.vouchtest")
        #expect(caa.canonicalName == "www.unsigned.vouchtest")
        #expect(caa.records.count == 1)
    }

    @Test func aCNAMELoopIsAFailure() throws {
        let error = #expect(throws: DNSError.self) { try resolver.txt("loop1.signed.vouchtest") }
        #expect(error?.code == .lookupFailed, "\(String(describing: error))")
    }

    @Test func aSilentServerTimesOut() throws {
        let silent = try SilentNameServer()
        let slow = try Resolver(
            Resolver.Configuration(
                forwarder: silent.address,
                trustAnchorFile: server.trustAnchorFile,
                timeoutSeconds: 1
            )
        )
        let started = Date()
        let error = #expect(throws: DNSError.self) { try slow.txt("_vouch-challenge.signed.vouchtest") }
        #expect(error?.code == .timeout, "\(String(describing: error))")
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func oneSilentZoneDoesNotStopTheNext() throws {
        let silent = try SilentNameServer()
        let mixed = try Resolver(
            Resolver.Configuration(
                forwarder: server.address,
                trustAnchorFile: server.trustAnchorFile,
                timeoutSeconds: 1,
                stubZones: [Resolver.StubZone(zone: "slow.vouchtest", address: silent.address)]
            )
        )
        let error = #expect(throws: DNSError.self) { try mixed.txt("_vouch-challenge.slow.vouchtest") }
        #expect(error?.code == .timeout, "\(String(describing: error))")
        #expect(try mixed.txt("_vouch-challenge.signed.vouchtest").records.map(\.text) == ["one value"])
    }
}
