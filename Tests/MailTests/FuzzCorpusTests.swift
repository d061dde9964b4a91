import Foundation
import Testing
import VouchTestSupport

/// Every input in `Fuzz/corpus/` (the seeds, and every crash a fuzzing run ever found, kept as
/// `regression-…`) runs through its parser in the ordinary build: a fixed crash stays fixed.
@Suite struct FuzzCorpusTests {
    static let targets = ["mail", "csr", "smime", "content", "config"]

    @Test(arguments: Self.targets)
    func theCorpusReplaysWithoutACrash(target: String) throws {
        let folder = RepositoryPaths.root.appendingPathComponent("Fuzz/corpus/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!files.isEmpty, "\(target) has no seeds")
        let replayer = RepositoryPaths.vouchExecutable.deletingLastPathComponent().appendingPathComponent("vouch-fuzz")
        let result = try ExternalTool(replayer).run([target] + files.map { folder.appendingPathComponent($0).path })
        #expect(result.succeeded, "\(result.transcript)")
        #expect(result.output.contains("\(target): \(files.count) inputs replayed"), "\(result.transcript)")
    }
}
