import ArgumentParser
import Authority
import Foundation
import Mail

/// `vouch deliver [FILE]`: puts one message into the inbox, as an MTA's local delivery agent would
/// (Postfix: `mailbox_command = vouch deliver --data /var/lib/vouch`).
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put one message (FILE, or standard input) into the robot's inbox."
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "The message file; standard input when absent.")
    var file: String?

    func run() throws {
        let directory = data.directory
        guard directory.isInitialised else {
            // Deferred, not bounced: a data directory that is missing now (unmounted, being restored)
            // must not cost a member their mail.
            Self.temporaryFailure("\(directory.url.path) holds no CA; run `vouch init` first")
        }
        let bytes: [UInt8]
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw AuthorityError(.io, "cannot read \(file)")
            }
            bytes = Array(contents)
        } else {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !bytes.isEmpty else {
            // EX_DATAERR: a permanent refusal, the MTA returns the (empty) message.
            FileHandle.standardError.write(Data("vouch: the message is empty\n".utf8))
            Foundation.exit(65)
        }
        do {
            let inbox = Maildir(url: directory.inbox)
            try inbox.createLayout()
            _ = try inbox.deliver(bytes)
        } catch {
            Self.temporaryFailure("cannot deliver into \(directory.inbox.path): \(error)")
        }
    }

    /// EX_TEMPFAIL (75): the MTA keeps the message and tries again later.
    private static func temporaryFailure(_ reason: String) -> Never {
        FileHandle.standardError.write(Data("vouch: \(reason)\n".utf8))
        Foundation.exit(75)
    }
}
