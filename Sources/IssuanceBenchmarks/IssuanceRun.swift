import Authority
import Foundation
import Jobs
import PKI
import Store

/// A fresh CA in a temporary directory with one member and N confirmed CSRs in its queue, then one
/// CSR-job run over them.
struct IssuanceRun {
    let seconds: Double
    let issued: Int
    let sampleCSRs: [String]
    let issuingKeyPEM: URL
    let issuingCertificatePEM: URL
    let passphrase: String
    let directory: URL

    static let passphrase = "issuance benchmark passphrase"

    static func makeCA(in directory: URL) throws -> CertificateAuthority {
        let configuration = try CAConfiguration(
            name: "Bench",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            rootKey: .p384,
            site: SiteSettings(output: directory.appendingPathComponent("site").path),
            // A CA that issues ten thousand certificates a day raises the robot's daily caps to match;
            // each member's own limit stays as it is (fifty requests each, under sixty mails).
            mail: MailSettings(domainMailPerDay: 100_000, mailPerDay: 1_000_000)
        )
        return try KeyCeremony(
            directory: DataDirectory(directory.appendingPathComponent("var")),
            configuration: configuration,
            passphrase: passphrase,
            rootPassphrase: "issuance benchmark root passphrase"
        ).perform()
    }

    static func run(csrs count: Int, keepCSRsFor sample: Int = 0) throws -> IssuanceRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vouch-issuance-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let authority = try makeCA(in: directory)
        let store = authority.store
        // Members of fifty requests each over fifty mail domains, each member with a key of their own
        // (half RSA-2048, half P-256): a key certified for one member is refused for another.
        let memberCount = max(1, (count + 49) / 50)
        var members: [(Member, PrivateKey)] = []
        for number in 0..<memberCount {
            let address = "member\(number)@d\(number % 50).example.org"
            let member = try store.addMember(name: "Bench Member", dateOfBirth: "1980-01-01", primaryEmail: address)
            try store.verifyEmail(address, method: "benchmark")
            members.append((member, try PrivateKey.generate(number % 2 == 0 ? .rsa2048 : .p256)))
        }
        var samples: [String] = []
        var index = 0
        while index < count {
            try store.transaction {
                for _ in 0..<min(1_000, count - index) {
                    let (member, key) = members[index % memberCount]
                    let csr = try CertificateSigningRequest.make(
                        key: key,
                        subject: DistinguishedName(),
                        names: SubjectAlternativeNames(emailAddresses: [member.primaryEmail])
                    )
                    if samples.count < sample { samples.append(try csr.pem) }
                    var mail = IncomingMail()
                    mail.to = "csr@ca.example.org"
                    let payload = RequestPayload(
                        mail: mail,
                        pending: .issue(memberID: member.id, profile: "smime", csr: Data(try csr.der))
                    )
                    try store.recordRequest(
                        kind: .csr,
                        sender: member.primaryEmail,
                        messageRef: "bench-\(index)",
                        state: .queued,
                        payload: try payload.encoded()
                    )
                    index += 1
                }
            }
        }
        let context = JobContext(authority: authority)
        var detail = ""
        let elapsed = try timed { detail = try IssuanceJob().run(context) }
        let issued = Int(detail.split(separator: " ").first ?? "0") ?? 0
        return IssuanceRun(
            seconds: elapsed,
            issued: issued,
            sampleCSRs: samples,
            issuingKeyPEM: authority.directory.keyFile("smime"),
            issuingCertificatePEM: authority.directory.caCertificateFile("smime"),
            passphrase: passphrase,
            directory: directory
        )
    }
}

/// `openssl speed -multi 2 ecdsap384`: what the machine's cores sign with the issuing key type.
enum OpenSSLSpeed {
    static func ecdsaP384SignaturesPerSecond() throws -> Double {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let output = try shell("/usr/bin/openssl", ["speed", "-multi", String(cores), "-seconds", "3", "ecdsap384"])
        // The summary line: " 384 bits ecdsa (nistp384)   0.0010s   0.0009s   1000.0   1100.0"
        guard let line = output.split(separator: "\n").last(where: { $0.contains("ecdsa (nistp384)") }),
            let signs = line.split(separator: " ").compactMap({ Double($0) }).dropLast().last
        else { throw BenchError("cannot read openssl speed's output") }
        return signs
    }
}

/// The classic way: one `openssl ca -batch -rand_serial` per request, with the same issuing key.
enum OpenSSLCALoop {
    static func rate(csrs: [String], key: URL, certificate: URL) throws -> Double {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vouch-openssl-ca-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("newcerts"),
            withIntermediateDirectories: true
        )
        let plainKey = directory.appendingPathComponent("key.pem").path
        try shell(
            "/usr/bin/openssl",
            ["pkey", "-in", key.path, "-passin", "pass:\(IssuanceRun.passphrase)", "-out", plainKey]
        )
        try Data().write(to: directory.appendingPathComponent("index.txt"))
        try Data("01\n".utf8).write(to: directory.appendingPathComponent("serial"))
        try Data(configuration(directory: directory, key: plainKey, certificate: certificate.path).utf8)
            .write(to: directory.appendingPathComponent("ca.cnf"))
        for (index, csr) in csrs.enumerated() {
            try Data(csr.utf8).write(to: directory.appendingPathComponent("\(index).csr"))
        }
        let elapsed = try timed {
            for index in csrs.indices {
                try shell(
                    "/usr/bin/openssl",
                    [
                        "ca", "-batch", "-rand_serial", "-notext", "-config",
                        directory.appendingPathComponent("ca.cnf").path,
                        "-in", directory.appendingPathComponent("\(index).csr").path, "-out",
                        directory.appendingPathComponent("\(index).pem").path,
                    ]
                )
            }
        }
        return Double(csrs.count) / elapsed
    }

    /// An `openssl ca` configuration with the extensions of Vouch's mailbox-validated S/MIME profile.
    static func configuration(directory: URL, key: String, certificate: String) -> String {
        """
        [ ca ]
        default_ca = vouch
        [ vouch ]
        dir = \(directory.path)
        database = $dir/index.txt
        new_certs_dir = $dir/newcerts
        serial = $dir/serial
        crlnumber = $dir/crlnumber
        certificate = \(certificate)
        private_key = \(key)
        default_md = sha384
        default_days = 180
        default_crl_days = 7
        policy = anything
        unique_subject = no
        copy_extensions = copy
        x509_extensions = smime
        [ anything ]
        commonName = optional
        [ smime ]
        keyUsage = critical, digitalSignature
        extendedKeyUsage = emailProtection
        certificatePolicies = 2.23.140.1.5.1.3
        crlDistributionPoints = URI:http://ca.example.org/crl/smime/0.crl
        authorityInfoAccess = caIssuers;URI:http://ca.example.org/ca/smime.der
        authorityKeyIdentifier = keyid
        subjectKeyIdentifier = hash

        """
    }
}

/// R revoked, unexpired certificates of one issuing CA: Vouch signs every shard; `openssl ca
/// -gencrl` signs one CRL over an index of the same entries.
struct CRLRun {
    let vouchSeconds: Double
    let opensslSeconds: Double
    let shards: Int
    let largestShardBytes: Int

    static func run(revoked count: Int) throws -> CRLRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vouch-crl-bench-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let authority = try IssuanceRun.makeCA(in: directory)
        let store = authority.store
        let issuer = try authority.record(.issuing(.smime))
        let member = try store.addMember(
            name: "Bench Member",
            dateOfBirth: "1980-01-01",
            primaryEmail: "member@example.org"
        )
        let now = Date()
        var index = 0
        var indexText = ""
        let expiry = now.addingTimeInterval(90 * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyMMddHHmmss'Z'"
        while index < count {
            try store.transaction {
                for _ in 0..<min(5_000, count - index) {
                    let serial = try SerialNumber.random()
                    _ = try store.insertCertificate(
                        NewCertificate(
                            issuerID: issuer.id,
                            serialHex: serial.hex,
                            profile: "smime",
                            subject: "CN=member@example.org",
                            subjectAltNames: ["member@example.org"],
                            notBefore: now.addingTimeInterval(-86_400),
                            notAfter: expiry,
                            spkiSHA256: String(repeating: "0", count: 64),
                            der: Data([0x30, 0x00]),
                            memberID: member.id,
                            crlShard: CRLShard.of(serial: serial, shards: authority.configuration.crlShards)
                        )
                    )
                    try store.revokeCertificate(issuer: issuer.id, serialHex: serial.hex, reason: "superseded", at: now)
                    indexText +=
                        "R\t\(formatter.string(from: expiry))\t\(formatter.string(from: now)),superseded\t\(serial.hex.uppercased())\tunknown\t/CN=member@example.org\n"
                    index += 1
                }
            }
        }
        let vouch = try timed { try authority.signCRLs(now: now) }
        var largest = 0
        for shard in 0..<authority.configuration.crlShards {
            let size =
                (try? FileManager.default.attributesOfItem(
                    atPath: authority.directory.crlFile("smime", shard: shard).path
                )[.size] as? Int) ?? 0
            largest = max(largest, size ?? 0)
        }

        let ca = directory.appendingPathComponent("openssl-ca")
        try FileManager.default.createDirectory(
            at: ca.appendingPathComponent("newcerts"),
            withIntermediateDirectories: true
        )
        try Data(indexText.utf8).write(to: ca.appendingPathComponent("index.txt"))
        try Data("01\n".utf8).write(to: ca.appendingPathComponent("serial"))
        try Data("01\n".utf8).write(to: ca.appendingPathComponent("crlnumber"))
        let plainKey = ca.appendingPathComponent("key.pem").path
        try shell(
            "/usr/bin/openssl",
            [
                "pkey", "-in", authority.directory.keyFile("smime").path, "-passin", "pass:\(IssuanceRun.passphrase)",
                "-out", plainKey,
            ]
        )
        try Data(
            OpenSSLCALoop.configuration(
                directory: ca,
                key: plainKey,
                certificate: authority.directory.caCertificateFile("smime").path
            )
            .utf8
        ).write(to: ca.appendingPathComponent("ca.cnf"))
        let openssl = try timed {
            try shell(
                "/usr/bin/openssl",
                [
                    "ca", "-gencrl", "-config", ca.appendingPathComponent("ca.cnf").path, "-out",
                    ca.appendingPathComponent("crl.pem").path,
                ]
            )
        }
        return CRLRun(
            vouchSeconds: vouch,
            opensslSeconds: openssl,
            shards: authority.configuration.crlShards,
            largestShardBytes: largest
        )
    }
}
