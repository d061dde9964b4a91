import Foundation
import Mail
import Testing

/// Every message in the corpus, and damaged copies of each, either parses or fails with a `MailError`:
/// nothing a sender writes may crash the intake job (issue 4, "Bad input").
@Suite struct HostileCorpusTests {
    @Test func corpusIsThere() {
        #expect(Corpus.names.count >= 30)
    }

    @Test(arguments: Corpus.names)
    func parsesOrFailsCleanly(_ name: String) throws {
        let bytes = try Corpus.bytes(name)
        do {
            let message = try MIMEParser.parse(bytes)
            // Touch everything the intake job will read.
            _ = (message.textBody, message.attachments, message.from, message.to, message.subject)
            _ = (message.automationReason, message.originalRecipient, message.returnPath, message.references)
            _ = BodyFields.parse(message.textBody ?? "")
            for part in message.parts { _ = (part.rawBytes, part.filename, part.isAttachment) }
            #expect(message.rawBytes == bytes)
            for header in message.headers {
                #expect(!header.value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" })
            }
        } catch let error as MailError {
            #expect(!error.code.isEmpty && !error.reason.isEmpty)
        }
    }

    /// Every prefix of every message at a few cut points: truncated transfers are common.
    @Test(arguments: Corpus.names)
    func truncatedCopiesNeverCrash(_ name: String) throws {
        let bytes = try Corpus.bytes(name)
        let cuts = Set(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)))
        for cut in cuts.sorted() {
            _ = try? MIMEParser.parse(Array(bytes[..<cut]))
        }
    }

    /// Deterministic random byte damage (flips, deletions, inserted CR/LF/NUL/"--"), a cheap fuzzer.
    @Test(arguments: Corpus.names)
    func damagedCopiesNeverCrash(_ name: String) throws {
        let original = try Corpus.bytes(name)
        var generator = SplitMix64(name: name)
        let insertions: [[UInt8]] = [[13], [10], [0], [13, 10, 13, 10], Array("--".utf8), Array("=?".utf8), [0xFF]]
        for _ in 0..<25 {
            var bytes = original
            for _ in 0..<4 where !bytes.isEmpty {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                case 1: bytes.remove(at: index)
                default:
                    bytes.insert(contentsOf: insertions[Int(generator.next() % UInt64(insertions.count))], at: index)
                }
            }
            if let message = try? MIMEParser.parse(bytes) {
                _ = (message.textBody, message.attachments, message.automationReason, message.from)
            }
        }
    }
}
