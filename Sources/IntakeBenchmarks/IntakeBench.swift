import Authority
import Foundation
import Jobs
import Mail
import PKI
import Store

/// `vouch-intake-bench`: mail intake at speed (issue 13). Not a test: it reports a rate and a ratio
/// against an anchor measured in the same run, asserting nothing about wall-clock time.
///
/// 1. N varied messages (plain requests; multipart/alternative with RFC 2047 words in Latin-1 and
///    UTF-8; CSRs as attachments; S/MIME-signed requests from a member with a Vouch certificate;
///    quoted-printable bodies with a file attached) are delivered into the robot's inbox.
/// 2. One `intake` run, in a child process, parses and records them all: messages per second and
///    peak RSS, at N/5 and at N (flat in the inbox length if intake streams).
/// 3. The anchor: Python's `email` package parsing the same files with the modern policy and
///    reading every text part, timed by Python itself.
@main
struct IntakeBench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
            return value
        }
        let count = option("--messages").flatMap(Int.init) ?? 10_000
        let markdown = option("--markdown")
        if let directory = option("--child") {
            let result = try Intake.run(data: URL(fileURLWithPath: directory))
            print("{\"seconds\": \(result.seconds), \"recorded\": \(result.recorded), \"maxRSSKiB\": \(peakKiB)}")
            return
        }
        if arguments == ["--prepare"] {
            // A corpus left in place, for profiling `--child DIR` alone.
            print(try Corpus.make(messages: count).path)
            return
        }
        guard arguments.isEmpty, count >= 5 else {
            print(
                """
                usage: vouch-intake-bench [--messages N] [--markdown FILE]
                       vouch-intake-bench --prepare [--messages N]   make a corpus and print its folder
                       vouch-intake-bench --child DIR                one intake run over it
                """
            )
            exit(arguments.contains("--help") ? 0 : 2)
        }
        var rows: [(String, String, String)] = []
        for size in [count / 5, count] {
            let directory = try Corpus.make(messages: size)
            let child = try Child.run(directory)
            let rate = Double(child.recorded) / child.seconds
            rows.append(("vouch intake, \(size) messages", String(format: "%.0f", rate), "messages/s"))
            rows.append(("vouch intake peak RSS, \(size) messages", String(child.maxRSSKiB / 1024), "MiB"))
            if size == count {
                let python = try Anchor.pythonEmail(directory.appendingPathComponent("var/mail/inbox/cur"))
                let anchorRate = Double(python.parsed) / python.seconds
                rows.append(
                    ("Python email (policy.default), same files", String(format: "%.0f", anchorRate), "messages/s")
                )
                rows.append(("vouch ÷ Python", String(format: "%.2f", rate / anchorRate), "×"))
                rows.append(("target: ≥ 2,000 messages/s", rate >= 2_000 ? "met" : "not met", ""))
            }
            try? FileManager.default.removeItem(at: directory)
        }
        let table =
            (["| measurement | value | unit |", "|---|---:|---|"] + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" })
            .joined(separator: "\n") + "\n"
        print(table, terminator: "")
        if let markdown { try table.write(toFile: markdown, atomically: true, encoding: .utf8) }
    }

    static var peakKiB: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

/// A fresh CA with one member who holds an S/MIME certificate, and N messages in its inbox.
enum Corpus {
    static let passphrase = "intake benchmark passphrase"

    static func make(messages count: Int) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vouch-intake-bench-\(UUID().uuidString)"
        )
        let configuration = try CAConfiguration(
            name: "Intake Bench",
            mailDomain: "ca.example.org",
            baseURL: "https://ca.example.org",
            rootKey: .p384,
            site: SiteSettings(output: directory.appendingPathComponent("site").path)
        )
        let authority = try KeyCeremony(
            directory: DataDirectory(directory.appendingPathComponent("var")),
            configuration: configuration,
            passphrase: passphrase,
            rootPassphrase: "intake benchmark root passphrase"
        ).perform()
        let signer = "signer@example.org"
        let member = try authority.store.addMember(name: "Sig Ner", dateOfBirth: "1980-01-01", primaryEmail: signer)
        try authority.store.verifyEmail(signer, method: "benchmark")
        let key = try PrivateKey.generate(.p256)
        let certificate = try authority.issue(
            IssuanceRequest(
                memberID: member.id,
                profile: .smimeMailbox,
                csr: try CertificateSigningRequest.make(
                    key: key,
                    subject: DistinguishedName(),
                    names: SubjectAlternativeNames(emailAddresses: [signer])
                )
            )
        ).certificate
        let csr = try CertificateSigningRequest.make(
            key: try PrivateKey.generate(.p256),
            subject: DistinguishedName(),
            names: SubjectAlternativeNames(emailAddresses: ["someone@example.net"])
        )
        let csrBase64 = Data(try csr.der).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn,
        ])
        let inbox = Maildir(url: authority.directory.inbox)
        try inbox.createLayout()
        for index in 0..<count {
            let message: [UInt8]
            switch index % 5 {
            case 0: message = plain(index)
            case 1: message = alternative(index)
            case 2: message = withCSR(index, csrBase64)
            case 3: message = try signed(index, certificate: certificate, key: key, from: signer)
            default: message = quotedPrintable(index)
            }
            _ = try inbox.deliver(message)
        }
        return directory
    }

    private static func header(_ index: Int, from: String, to: String, subject: String) -> String {
        "From: \(from)\r\nTo: \(to)@ca.example.org\r\nSubject: \(subject)\r\nMessage-ID: <bench-\(index)@example.net>\r\nDate: Wed, 02 Dec 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    }

    static func plain(_ index: Int) -> [UInt8] {
        Array(
            (header(
                index,
                from: "Member \(index) <m\(index)@d\(index % 97).example.net>",
                to: "register",
                subject: "join"
            )
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nName: Member Number \(index)\r\nDate-Of-Birth: 1980-04-01\r\n")
                .utf8
        )
    }

    static func alternative(_ index: Int) -> [UInt8] {
        Array(
            (header(
                index,
                from: "=?ISO-8859-1?Q?J=F6rg_M=FCller?= <j\(index)@d\(index % 97).example.net>",
                to: "status",
                subject: "=?UTF-8?B?U3RhdHVzIGJpdHRlIOKAkyBkYW5rZQ==?= \(index)"
            )
                + """
                Content-Type: multipart/alternative; boundary="alt\(index)"\r
                \r
                --alt\(index)\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                Bitte den Status – danke.\r
                --alt\(index)\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <p>Bitte den <b>Status</b> – danke.</p>\r
                --alt\(index)--\r

                """).utf8
        )
    }

    static func withCSR(_ index: Int, _ csrBase64: String) -> [UInt8] {
        Array(
            (header(index, from: "c\(index)@d\(index % 97).example.net", to: "csr", subject: "certificate request")
                + """
                Content-Type: multipart/mixed; boundary="mix\(index)"\r
                \r
                --mix\(index)\r
                Content-Type: text/plain; charset=us-ascii\r
                \r
                Profile: smime\r
                --mix\(index)\r
                Content-Type: application/pkcs10; name="request.csr"\r
                Content-Disposition: attachment; filename="request.csr"\r
                Content-Transfer-Encoding: base64\r
                \r
                \(csrBase64)\r
                --mix\(index)--\r

                """).utf8
        )
    }

    static func signed(_ index: Int, certificate: Certificate, key: PrivateKey, from: String) throws -> [UInt8] {
        let content = Array("Content-Type: text/plain; charset=utf-8\r\n\r\nAdd: extra\(index)@example.org\r\n".utf8)
        let body = try SignedMessage.sign(content, certificate: certificate, key: key)
        return Array(
            ("From: \(from)\r\nTo: email@ca.example.org\r\nSubject: add \(index)\r\nMessage-ID: <bench-\(index)@example.net>\r\nMIME-Version: 1.0\r\n")
                .utf8
        ) + body
    }

    static func quotedPrintable(_ index: Int) -> [UInt8] {
        Array(
            (header(
                index,
                from: "q\(index)@d\(index % 97).example.net",
                to: "domain",
                subject: "Re: =?UTF-8?Q?Dom=C3=A4ne?="
            )
                + """
                Content-Type: multipart/mixed; boundary="qp\(index)"\r
                \r
                --qp\(index)\r
                Content-Type: text/plain; charset=iso-8859-1\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Domain: shop\(index).example.org=0D=0AContact: hostmaster\r
                Gr=FC=DFe, und ein sehr langer Satz, der weich umbrochen werden muss, damit =\r
                die Zeile nicht zu lang wird.\r
                --qp\(index)\r
                Content-Type: text/plain; name="notes.txt"\r
                Content-Disposition: attachment; filename="notes.txt"\r
                \r
                \(String(repeating: "notes line\r\n", count: 20))\r
                --qp\(index)--\r

                """).utf8
        )
    }
}

/// One intake run over the inbox.
enum Intake {
    static func run(data directory: URL) throws -> (seconds: Double, recorded: Int) {
        let authority = try CertificateAuthority.open(
            DataDirectory(directory.appendingPathComponent("var")),
            passphrase: Corpus.passphrase
        )
        let start = DispatchTime.now()
        _ = try IntakeJob().run(JobContext(authority: authority))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let recorded = try authority.store.requestIDs(in: .received, after: 0, limit: 1_000_000).count
        return (seconds, recorded)
    }
}

/// Runs this benchmark as a child process for one intake run and reads its result.
enum Child {
    struct Result: Decodable {
        let seconds: Double
        let recorded: Int
        let maxRSSKiB: Int
    }

    static func run(_ directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--child", directory.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = data.split(separator: UInt8(ascii: "\n")).last else {
            throw AuthorityError(.refused, "the intake child failed: \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Result.self, from: Data(line))
    }
}

/// Python's standard `email` parser on the same files.
enum Anchor {
    static func pythonEmail(_ folder: URL) throws -> (seconds: Double, parsed: Int) {
        let script = """
            import email, email.policy, os, sys, time
            folder = sys.argv[1]
            names = sorted(os.listdir(folder))
            data = [open(os.path.join(folder, n), 'rb').read() for n in names]
            start = time.perf_counter()
            for raw in data:
                message = email.message_from_bytes(raw, policy=email.policy.default)
                str(message['subject']); str(message['from'])
                for part in message.walk():
                    if part.get_content_maintype() == 'text':
                        part.get_content()
                    elif not part.is_multipart():
                        part.get_payload(decode=True)
            print(time.perf_counter() - start, len(data))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, folder.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard fields.count == 2, let seconds = Double(fields[0]),
            let parsed = Int(fields[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw AuthorityError(
                .refused,
                "python3's email parser did not report: \(String(decoding: data, as: UTF8.self))"
            )
        }
        return (seconds, parsed)
    }
}
