import CUnbound
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The validating resolver: one libunbound context, asked one question at a time, each within the
/// configured time. Every answer says whether DNSSEC validated it (`DNSAnswer.dnssec`).
///
/// Not `Sendable`: a resolver belongs to the job or command that made it, which asks its questions
/// one after another.
package final class Resolver {
    /// Where the resolver sends its questions and which key it trusts.
    package struct Configuration: Sendable, Hashable {
        /// `address[@port]` of a resolver to forward to, as unbound writes it (`127.0.0.1@5353`);
        /// empty to forward to the system's (the nameservers of /etc/resolv.conf).
        package var forwarder: String
        /// A file of DS or DNSKEY records in zone-file format (Debian's dns-root-data ships the
        /// root's as /usr/share/dns/root.key).
        package var trustAnchorFile: String
        /// How long one question may take, retries included.
        package var timeoutSeconds: Double
        /// Zones whose authoritative servers are asked directly instead of the forwarder, as
        /// `(zone, address@port)`: for a test that needs one zone to behave differently.
        package var stubZones: [StubZone]

        package init(
            forwarder: String = "",
            trustAnchorFile: String = "/usr/share/dns/root.key",
            timeoutSeconds: Double = 10,
            stubZones: [StubZone] = []
        ) {
            self.forwarder = forwarder
            self.trustAnchorFile = trustAnchorFile
            self.timeoutSeconds = timeoutSeconds
            self.stubZones = stubZones
        }
    }

    package struct StubZone: Sendable, Hashable {
        package var zone: String
        package var address: String
        package init(zone: String, address: String) {
            self.zone = zone
            self.address = address
        }
    }

    package let configuration: Configuration
    private let context: OpaquePointer
    private let log: UnsafeMutablePointer<FILE>?

    package init(_ configuration: Configuration) throws(DNSError) {
        self.configuration = configuration
        guard let context = ub_ctx_create() else {
            throw DNSError(.configuration, "the resolver could not be created (out of memory?)")
        }
        self.context = context
        log = vouch_unbound_null_log()
        // Every stored property is set, so a failure here still runs deinit, which frees the context.
        try setUp()
    }

    deinit {
        ub_ctx_delete(context)
        vouch_unbound_close_log(log)
    }

    private func setUp() throws(DNSError) {
        func check(_ code: Int32, _ what: String) throws(DNSError) {
            guard code == 0 else {
                throw DNSError(.configuration, "\(what): \(String(cString: ub_strerror(code)))")
            }
        }
        if let log { try check(ub_ctx_debugout(context, UnsafeMutableRawPointer(log)), "the resolver's log") }
        try check(ub_ctx_debuglevel(context, 0), "the resolver's log level")
        // Forwarders and test servers on loopback are asked like any other (unbound refuses by default).
        try check(ub_ctx_set_option(context, "do-not-query-localhost:", "no"), "do-not-query-localhost")
        // Level 2 keeps the validator's reason for a bogus answer, which goes into the refusal.
        try check(ub_ctx_set_option(context, "val-log-level:", "2"), "val-log-level")
        let anchor = configuration.trustAnchorFile
        guard FileManager.default.isReadableFile(atPath: anchor) else {
            throw DNSError(
                .configuration,
                "the DNSSEC trust anchor \(anchor) cannot be read; install dns-root-data or set [dns] trust_anchor"
            )
        }
        try check(ub_ctx_add_ta_file(context, anchor), "the trust anchor \(anchor)")
        if configuration.forwarder.isEmpty {
            try check(ub_ctx_resolvconf(context, nil), "the system's resolvers (/etc/resolv.conf)")
        } else {
            try check(ub_ctx_set_fwd(context, configuration.forwarder), "the resolver \(configuration.forwarder)")
        }
        for stub in configuration.stubZones {
            try check(ub_ctx_set_stub(context, stub.zone, stub.address, 0), "the stub zone \(stub.zone)")
        }
        // A background thread does the work, so a question can be given up on at the deadline.
        try check(ub_ctx_async(context, 1), "the resolver's worker thread")
    }

    /// Asks for `type` records of `name`. NXDOMAIN and NODATA are answers (empty ones); a timeout,
    /// SERVFAIL, REFUSED or any other failure throws. A bogus answer is returned with its state, so
    /// that a caller that wants the records must call `requireValidated()`.
    package func query(_ name: String, _ type: RecordType) throws(DNSError) -> DNSAnswer {
        let bare = name.hasSuffix(".") ? String(name.dropLast()) : name
        let pending = PendingQuery()
        let retained = Unmanaged.passRetained(pending)
        var asyncID: Int32 = 0
        let started = ub_resolve_async(
            context,
            bare + ".",
            type.code,
            1,  // class IN
            retained.toOpaque(),
            { data, error, result in
                guard let data else { return }
                let pending = Unmanaged<PendingQuery>.fromOpaque(data).takeRetainedValue()
                pending.finish(error: error, result: result)
            },
            &asyncID
        )
        guard started == 0 else {
            retained.release()
            throw DNSError(.lookupFailed, "\(type) \(bare): \(String(cString: ub_strerror(started)))")
        }
        let deadline = Date().addingTimeInterval(configuration.timeoutSeconds)
        while !pending.isFinished {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                // Cancelled queries never call back, so the reference the callback would have
                // taken is dropped here; if the answer raced in, the callback takes it instead.
                if ub_cancel(context, asyncID) == 0 { retained.release() }
                throw DNSError(
                    .timeout,
                    "the lookup of \(type) \(bare) had no answer within \(Self.seconds(configuration.timeoutSeconds)); the domain's nameservers did not respond"
                )
            }
            var descriptor = pollfd(fd: ub_fd(context), events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining * 1000, 1000).rounded(.up))
            if poll(&descriptor, 1, milliseconds) > 0 {
                let processed = ub_process(context)
                guard processed == 0 else {
                    throw DNSError(.lookupFailed, "\(type) \(bare): \(String(cString: ub_strerror(processed)))")
                }
            }
        }
        return try pending.answer(name: bare, type: type)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) seconds" : "\(value) seconds"
    }
}

/// One question in flight: the callback fills it in, on the thread that called `ub_process`.
private final class PendingQuery {
    private(set) var isFinished = false
    private var error: Int32 = 0
    private var result: UnsafeMutablePointer<ub_result>?

    deinit { if let result { ub_resolve_free(result) } }

    func finish(error: Int32, result: UnsafeMutablePointer<ub_result>?) {
        self.error = error
        self.result = result
        isFinished = true
    }

    func answer(name: String, type: RecordType) throws(DNSError) -> DNSAnswer {
        guard error == 0, let result else {
            throw DNSError(.lookupFailed, "\(type) \(name): \(String(cString: ub_strerror(error)))")
        }
        let value = result.pointee
        let state: DNSSECState = value.bogus != 0 ? .bogus : (value.secure != 0 ? .secure : .insecure)
        let whyBogus = value.why_bogus.map { String(cString: $0) }
        switch value.rcode {
        case 0, 3:  // NOERROR, NXDOMAIN
            break
        case 2 where state == .bogus:
            // Validation failures come back as SERVFAIL; the bogus state is the reason.
            break
        default:
            throw DNSError(
                .lookupFailed,
                "the lookup of \(type) \(name) failed (\(Self.rcodeName(value.rcode)))"
                    + (whyBogus.map { ": \($0)" } ?? "")
            )
        }
        var rdata: [[UInt8]] = []
        if value.havedata != 0, let data = value.data, let lengths = value.len {
            var index = 0
            while let item = data[index] {
                let length = Int(lengths[index])
                rdata.append(Array(UnsafeRawBufferPointer(start: item, count: length)))
                index += 1
            }
        }
        var canonical = value.canonname.map { String(cString: $0) }
        if canonical?.hasSuffix(".") == true { canonical?.removeLast() }
        return DNSAnswer(
            name: name,
            type: type,
            nameExists: value.nxdomain == 0,
            rdata: rdata,
            canonicalName: canonical == name ? nil : canonical,
            dnssec: state,
            whyBogus: whyBogus
        )
    }

    private static func rcodeName(_ rcode: Int32) -> String {
        switch rcode {
        case 1: return "FORMERR: the server did not understand the question"
        case 2: return "SERVFAIL: no usable answer; a failing nameserver, a broken zone or a CNAME loop"
        case 4: return "NOTIMP"
        case 5: return "REFUSED: the server will not answer for this name"
        default: return "rcode \(rcode)"
        }
    }
}
