import Foundation

/// Sends through the sendmail(8) interface that every MTA provides (Postfix, Exim, OpenSMTPD, sendmail).
///
/// The binary is started directly with Foundation's `Process`, never through a shell, so no address or
/// header can become a command. The message goes on standard input with LF line endings, the local text
/// convention of the sendmail interface. The exit status is checked (sysexits(3): 75 means "try later") and
/// whatever the MTA wrote is put in the error.
package struct SendmailTransport: MailTransport, Sendable {
    package let executable: String
    /// `-t` takes the recipients from To/Cc/Bcc; `-oi` keeps a line holding only "." from ending the message.
    package let arguments: [String]
    /// Variables set for the MTA on top of the few it inherits (`inheritedVariables`).
    package let environment: [String: String]
    /// The envelope sender (`-f`), where bounces go; nil leaves it to the MTA.
    package let envelopeSender: String?

    package init(
        executable: String = "/usr/sbin/sendmail",
        arguments: [String] = ["-t", "-oi"],
        environment: [String: String] = [:],
        envelopeSender: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.envelopeSender = envelopeSender
    }

    package func send(_ message: [UInt8], envelopeRecipients: [String]) throws {
        for recipient in envelopeRecipients { try Address.validate(recipient) }
        var commandLine = arguments
        if let envelopeSender {
            try Address.validate(envelopeSender)
            commandLine += ["-f", envelopeSender]
        }
        // With -t the MTA reads the recipients from the headers; Postfix would add command-line ones again.
        // Otherwise "--" ends the options, so an address can never be read as one.
        if !arguments.contains("-t") { commandLine += ["--"] + envelopeRecipients }

        let input = try Self.unlinkedInputFile(Self.localLineEndings(message))
        defer { try? input.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = commandLine
        process.environment = Self.childEnvironment(inheriting: ProcessInfo.processInfo.environment)
            .merging(environment) { _, new in new }
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw MailError(
                code: "transport",
                reason: "Cannot start \(executable): \(error.localizedDescription). Check the sendmail setting."
            )
        }
        let transcript = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said = String(decoding: transcript.prefix(2000), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines
            )
            let how =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            throw MailError(
                code: "transport",
                reason: "\(executable) \(how)" + (said.isEmpty ? "." : ": \(said)")
            )
        }
    }

    /// CRLF → LF; a lone CR is left alone.
    /// What the MTA may see of this process's environment: a fixed PATH and the few variables that
    /// steer an MTA (MAIL_CONFIG points Postfix at another configuration). Nothing else is passed on,
    /// so no secret of the CA's (a key passphrase) can reach a child process.
    package static func childEnvironment(inheriting parent: [String: String]) -> [String: String] {
        var child = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        for name in inheritedVariables { child[name] = parent[name] }
        return child
    }

    package static let inheritedVariables = ["MAIL_CONFIG", "TZ", "LANG", "LC_ALL"]

    static func localLineEndings(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count)
        for (index, byte) in message.enumerated() {
            if byte == UInt8(ascii: "\r"), index + 1 < message.count, message[index + 1] == UInt8(ascii: "\n") {
                continue
            }
            output.append(byte)
        }
        return output
    }

    /// The message in a private temporary file that is already unlinked, opened for reading.
    ///
    /// A file rather than a pipe: a pipe would need a writer thread, and an MTA that exits without reading
    /// would kill this process with SIGPIPE. Unlinked at once, so nothing is left behind even after a crash.
    private static func unlinkedInputFile(_ bytes: [UInt8]) throws -> FileHandle {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-sendmail-\(UUID().uuidString)")
            .path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw MailError(code: "transport", reason: "Cannot create a temporary file for the message at \(path).")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try writer.write(contentsOf: bytes)
            try writer.close()
            return try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw MailError(
                code: "transport",
                reason: "Cannot write the message to \(path): \(error.localizedDescription)"
            )
        }
    }
}
