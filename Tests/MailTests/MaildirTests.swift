import Foundation
import Mail
import Testing
import VouchTestSupport

@Suite struct MaildirTests {
    @Test func deliverPendingMarkProcessed() throws {
        let folder = try TemporaryDirectory()
        let maildir = Maildir(url: folder.url.appendingPathComponent("inbox"))
        try maildir.createLayout()
        try maildir.createLayout()  // idempotent
        #expect(try maildir.pending().isEmpty)

        var delivered: [URL] = []
        for number in 1...3 {
            delivered.append(try maildir.deliver(Array("Subject: message \(number)\n\nbody\n".utf8)))
            Thread.sleep(forTimeInterval: 0.01)  // distinct modification times
        }
        #expect(Set(delivered.map(\.lastPathComponent)).count == 3)
        #expect(delivered.allSatisfy { $0.deletingLastPathComponent().lastPathComponent == "new" })
        let tmp = try FileManager.default.contentsOfDirectory(atPath: maildir.tmp.path)
        #expect(tmp.isEmpty)

        let pending = try maildir.pending()
        #expect(pending.map(\.lastPathComponent) == delivered.map(\.lastPathComponent))
        #expect(try maildir.read(pending[0]) == Array("Subject: message 1\n\nbody\n".utf8))

        let processed = try maildir.markProcessed(pending[0])
        #expect(processed.lastPathComponent == pending[0].lastPathComponent + ":2,S")
        #expect(processed.deletingLastPathComponent().lastPathComponent == "cur")
        #expect(try maildir.read(processed) == Array("Subject: message 1\n\nbody\n".utf8))
        #expect(try maildir.pending().count == 2)

        let attributes = try FileManager.default.attributesOfItem(atPath: processed.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func deliverCreatesTheLayout() throws {
        let folder = try TemporaryDirectory()
        let maildir = Maildir(url: folder.url.appendingPathComponent("fresh"))
        let url = try maildir.deliver([])
        #expect(FileManager.default.fileExists(atPath: url.path))
        #expect(FileManager.default.fileExists(atPath: maildir.cur.path))
    }

    @Test func manyConcurrentDeliveriesGetUniqueNames() async throws {
        let folder = try TemporaryDirectory()
        let maildir = Maildir(url: folder.url)
        try maildir.createLayout()
        try await withThrowingTaskGroup(of: URL.self) { group in
            for number in 0..<50 {
                group.addTask { try maildir.deliver(Array("n \(number)".utf8)) }
            }
            var names: Set<String> = []
            for try await url in group { names.insert(url.lastPathComponent) }
            #expect(names.count == 50)
        }
        #expect(try maildir.pending().count == 50)
    }

    @Test func errorsAreMailErrors() throws {
        let folder = try TemporaryDirectory()
        let maildir = Maildir(url: folder.url)
        try maildir.createLayout()
        let missing = maildir.new.appendingPathComponent("no-such-message")
        #expect(throws: MailError.self) { try maildir.read(missing) }
        #expect(throws: MailError.self) { try maildir.markProcessed(missing) }
    }
}
