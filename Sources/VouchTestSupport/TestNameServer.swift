import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real authoritative nameserver (Debian's NSD) on 127.0.0.1 and a free port, serving zones the
/// test writes under the made-up top-level domain `vouchtest.` (`.example` is a name Vouch refuses, and
/// unbound answers `.test` itself): a signed parent `vouchtest.` that delegates
/// to each zone, signed with `ldns-signzone` or not, or signed and then broken. The DS of `vouchtest.` is
/// the trust anchor a validating resolver pointed at this server needs; nothing else is trusted.
package final class TestNameServer: @unchecked Sendable {
    // @unchecked: the process handle is touched only by the creating test, in order.

    /// How a zone is served.
    package enum Signing: Sendable {
        /// Signed (ECDSA P-256, NSEC), with its DS in `vouchtest.`: answers validate as secure.
        case signed
        /// Unsigned and delegated without a DS: answers are provably insecure.
        case unsigned
        /// Signed with its DS in `vouchtest.`, then every signature but the key set's altered: bogus.
        case brokenSignature
    }

    /// One zone below `vouchtest.`; records are zone-file lines relative to its origin, such as
    /// `_vouch-challenge IN TXT "abc"` (the SOA and NS records are added).
    package struct Zone: Sendable {
        package var name: String
        package var signing: Signing
        package var records: [String]

        package init(_ name: String, _ signing: Signing, _ records: [String] = []) {
            self.name = name
            self.signing = signing
            self.records = records
        }
    }

    package let directory: TemporaryDirectory
    package let port: UInt16
    /// The file with the DS record of `vouchtest.`, for `[dns] trust_anchor`.
    package let trustAnchorFile: String
    private var keys: [String: String] = [:]
    private var process: Process?

    /// `address@port` as unbound (and `[dns] resolver`) write it.
    package var address: String { "127.0.0.1@\(port)" }

    package init(zones: [Zone]) throws {
        directory = try TemporaryDirectory("vouch-nsd")
        port = try Self.freePort()
        trustAnchorFile = directory.file("trust-anchor.ds").path
        let parentKey = try key(for: "vouchtest")
        try FileManager.default.copyItem(atPath: directory.file("\(parentKey).ds").path, toPath: trustAnchorFile)
        try publish(zones)
    }

    deinit { stop() }

    /// Writes, signs and serves `zones` (replacing what was served), restarting the server on the
    /// same port; the keys, and so the trust anchor, stay the same.
    package func publish(_ zones: [Zone]) throws {
        var parent = Self.header("vouchtest") + ["ns IN A 127.0.0.1"]
        var served: [(name: String, file: String)] = []
        for zone in zones where zone.name != "vouchtest" {
            guard zone.name.hasSuffix(".vouchtest") else {
                throw TestNameServerError("zone \(zone.name) is not below vouchtest.")
            }
            let label = String(zone.name.dropLast(".vouchtest".count))
            parent.append("\(label) IN NS ns.vouchtest.")
            let text = (Self.header(zone.name) + zone.records).joined(separator: "\n") + "\n"
            let file = "\(zone.name).zone"
            try directory.write(file, text)
            switch zone.signing {
            case .unsigned:
                served.append((zone.name, file))
            case .signed, .brokenSignature:
                let key = try key(for: zone.name)
                parent.append(try String(contentsOf: directory.file("\(key).ds"), encoding: .utf8))
                try sign(file, origin: zone.name, key: key)
                if zone.signing == .brokenSignature {
                    try breakSignatures("\(file).signed")
                }
                served.append((zone.name, "\(file).signed"))
            }
        }
        parent += zones.filter { $0.name == "vouchtest" }.flatMap(\.records)
        try directory.write("parent.zone", parent.joined(separator: "\n") + "\n")
        try sign("parent.zone", origin: "vouchtest", key: try key(for: "vouchtest"))
        served.append(("vouchtest", "parent.zone.signed"))
        try writeConfiguration(served)
        stop()
        try start()
    }

    private static func header(_ origin: String) -> [String] {
        [
            "$ORIGIN \(origin).", "$TTL 60",
            "@ IN SOA ns.vouchtest. hostmaster.vouchtest. \(Int(Date().timeIntervalSince1970)) 3600 600 86400 60",
            "@ IN NS ns.vouchtest.",
        ]
    }

    /// One key per zone (a KSK that signs everything), made once and kept for republishing.
    private func key(for zone: String) throws -> String {
        if let existing = keys[zone] { return existing }
        let made = try ExternalTool.named("ldns-keygen").run(["-a", "ECDSAP256SHA256", "-k", zone], in: directory.url)
        guard made.succeeded else { throw TestNameServerError("ldns-keygen \(zone): \(made.transcript)") }
        let name = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        keys[zone] = name
        return name
    }

    private func sign(_ file: String, origin: String, key: String) throws {
        let signed = try ExternalTool.named("ldns-signzone").run(["-o", origin, file, key], in: directory.url)
        guard signed.succeeded else { throw TestNameServerError("ldns-signzone \(file): \(signed.transcript)") }
    }

    /// Alters one character of every signature except the DNSKEY set's, so that the key itself
    /// validates from the DS and everything it signed does not.
    private func breakSignatures(_ file: String) throws {
        let text = try String(contentsOf: directory.file(file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count > 5, fields[3] == "RRSIG", fields[4] != "DNSKEY", var signature = fields.last else {
                return String(line)
            }
            let first = signature.removeFirst()
            fields[fields.count - 1] = (first == "A" ? "B" : "A") + signature
            return fields.joined(separator: "\t")
        }
        try directory.write(file, lines.joined(separator: "\n"))
    }

    private func writeConfiguration(_ zones: [(name: String, file: String)]) throws {
        let path = directory.url.path
        var lines = [
            "server:",
            "    ip-address: 127.0.0.1@\(port)",
            "    do-ip6: no",
            "    username: \"\"",
            "    chroot: \"\"",
            "    zonesdir: \"\(path)\"",
            "    pidfile: \"\(path)/nsd.pid\"",
            "    database: \"\"",
            "    zonelistfile: \"\(path)/zone.list\"",
            "    xfrdfile: \"\(path)/xfrd.state\"",
            "    xfrdir: \"\(path)\"",
            "    logfile: \"\(path)/nsd.log\"",
            "    server-count: 1",
            "    verbosity: 1",
            "remote-control:",
            "    control-enable: no",
        ]
        for zone in zones {
            lines += ["zone:", "    name: \(zone.name)", "    zonefile: \(zone.file)"]
        }
        try directory.write("nsd.conf", lines.joined(separator: "\n") + "\n")
    }

    private func start() throws {
        let log = directory.file("nsd.log")
        try? FileManager.default.removeItem(at: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nsd")
        process.arguments = ["-d", "-c", directory.file("nsd.conf").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready once it says so; its log tells why when it does not start.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("nsd started") { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw TestNameServerError("nsd did not start on \(address): \(text)")
    }

    /// NSD inherits the test runner's blocked signals and so never sees SIGTERM: the whole process
    /// group it runs in (its own: Foundation starts it as a group leader) is killed instead, and
    /// the port waited for, so a restart can bind it again.
    private func stop() {
        guard let process else { return }
        self.process = nil
        let pid = process.processIdentifier
        if kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }
        process.waitUntilExit()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, (try? BoundSocket(stream: false, port: port)) == nil { usleep(20_000) }
    }

    /// A port that is free for both UDP and TCP on 127.0.0.1 right now.
    static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let udp = try BoundSocket(stream: false, port: 0)
            if (try? BoundSocket(stream: true, port: udp.port)) != nil { return udp.port }
        }
        throw TestNameServerError("no free port on 127.0.0.1")
    }
}

/// A UDP port on 127.0.0.1 that receives questions and never answers: a nameserver that times out.
package final class SilentNameServer: @unchecked Sendable {
    // @unchecked: the socket is only held open, never read or written.
    private let socket: BoundSocket
    package var address: String { "127.0.0.1@\(socket.port)" }

    package init() throws { socket = try BoundSocket(stream: false, port: 0) }
}

/// A socket bound to 127.0.0.1, closed when released.
final class BoundSocket {
    let descriptor: Int32
    let port: UInt16

    init(stream: Bool, port requested: UInt16) throws {
        let kind = Int32(stream ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        let descriptor = socket(AF_INET, kind, 0)
        guard descriptor >= 0 else { throw TestNameServerError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw TestNameServerError("bind: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }
}

package struct TestNameServerError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
