import Foundation
import Testing
import VouchTestSupport

@testable import Authority
@testable import PKI
@testable import Store

/// A Vouch TLS certificate, issued through the Authority's own `issue` on the fixture's CA, and a
/// real `openssl s_server` that serves it with its chain on a free local port.
final class TLSServer: Sendable {
    static let domain = "bundles.example.org"
    static let keyPassphrase = "tls test key passphrase"
    static let shared = Result { try TLSServer() }

    let leaf: URL
    let key: URL
    let chain: URL

    private init() throws {
        let fixture = ReleaseFixture.shared
        let authority = try CertificateAuthority.open(
            DataDirectory(fixture.vouch.data),
            passphrase: ReleaseFixture.passphrase,
            actor: "test"
        )
        let now = Date().wholeSeconds
        let store = authority.store
        let member = try store.addMember(
            name: "Server Operator",
            dateOfBirth: "1980-02-02",
            primaryEmail: "ops@example.org"
        )
        _ = try store.verifyEmail("ops@example.org", method: "test", at: now)
        _ = try store.addDomain(Self.domain, member: member.id)
        _ = try store.verifyDomain(Self.domain, method: "test", contact: "hostmaster@\(Self.domain)", at: now)
        let privateKey = try PrivateKey.generate(.p256)
        let csr = try CertificateSigningRequest.make(
            key: privateKey,
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(dnsNames: [Self.domain])
        )
        let issued = try authority.issue(IssuanceRequest(memberID: member.id, profile: .tlsDomain, csr: csr), now: now)
        leaf = issued.file
        key = fixture.directory.file("server.key.pem")
        try Data(try privateKey.encryptedPEM(passphrase: Self.keyPassphrase).utf8).write(to: key)
        chain = fixture.latest.appendingPathComponent("intermediates/Bundle_Test_TLS_CA.crt")
    }

    /// Runs `body` while s_server listens on a free port of 127.0.0.1.
    func withRunningServer(_ body: (UInt16) throws -> Void) throws {
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = ExternalTool.openssl.executable
        process.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-www", "-cert", leaf.path, "-key", key.path,
            "-pass", "pass:\(Self.keyPassphrase)", "-cert_chain", chain.path, "-quiet",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = Self.canConnect(port)
            if !ready { usleep(100_000) }
        }
        #expect(ready, "s_server did not start listening on port \(port)")
        try body(port)
    }

    private static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func canConnect(_ port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = loopback(port: port)
        return withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
