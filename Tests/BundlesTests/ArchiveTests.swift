import Foundation
import Testing
import VouchTestSupport

@testable import Bundles

/// Vouch's own DEFLATE, gzip and tar, read back by the tools everyone unpacks releases with.
@Suite struct ArchiveTests {
    static let samples: [(String, [UInt8])] = {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Array(
            String(repeating: "MIIFbDCCA1SgAwIBAgIRSmi6O83RT8TpJj7aqYY8DiwwDQYJKoZIhvcNAQELBQAw\n", count: 900).utf8
        )
        return [
            ("empty", []), ("one byte", [0x41]), ("random", random), ("text", text),
            ("zeros", [UInt8](repeating: 0, count: 100_000)), ("mixed", text.prefix(3000) + random.prefix(5000) + text),
        ]
    }()

    @Test(arguments: samples.map(\.0))
    func gunzipRestoresTheInput(name: String) throws {
        let input = Self.samples.first { $0.0 == name }!.1
        let directory = try TemporaryDirectory("vouch-gzip")
        let file = try directory.write("sample.gz", bytes: Gzip.compress(input))
        let viaPython = directory.file("python.out")
        let restored = try ExternalTool.named("python3").run([
            "-c", "import gzip, sys; open(sys.argv[2], 'wb').write(gzip.open(sys.argv[1]).read())", file,
            viaPython.path,
        ])
        #expect(restored.succeeded, "\(restored.transcript)")
        #expect(Array(try Data(contentsOf: viaPython)) == input)
        let gunzip = try ExternalTool.named("gzip").run(["-t", file])
        #expect(gunzip.succeeded, "\(gunzip.transcript)")
        let out = directory.file("sample")
        try ExternalTool.named("gzip").run(["-d", "-k", file])
        #expect(Array(try Data(contentsOf: out)) == input)
        if input.count > 10_000 && name != "random" {
            #expect(Gzip.compress(input).count < input.count / 3, "\(name) hardly compressed")
        }
    }

    @Test func theSameInputAlwaysGivesTheSameBytes() {
        for (_, input) in Self.samples { #expect(Gzip.compress(input) == Gzip.compress(input)) }
    }

    @Test func tarListsNamesAndTimesAsWritten() throws {
        let time = Date(timeIntervalSince1970: 1_798_761_600)
        let long = "release/" + String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60) + ".crt"
        let archive = try Tar(
            files: ["release/b.txt": Array("b\n".utf8), "release/a/c.txt": [], long: [1, 2, 3]],
            modificationTime: time
        )
        .archive()
        #expect(archive.count % 10_240 == 0)
        let directory = try TemporaryDirectory("vouch-tar")
        let file = try directory.write("a.tar", bytes: archive)
        let listed = try ExternalTool.named("tar").run([
            "--list", "--verbose", "--numeric-owner", "--full-time", "-f", file,
        ])
        #expect(listed.succeeded, "\(listed.transcript)")
        let names = listed.output.split(separator: "\n").map { String($0.split(separator: " ").last!) }
        #expect(
            names == [
                "release/", "release/a/", "release/a/c.txt", "release/b.txt",
                "release/\(String(repeating: "d", count: 90))/", long,
            ]
        )
        #expect(listed.output.contains("0/0") && listed.output.contains("2027-01-01 00:00:00"))
        #expect(throws: BundleError.self) { try Tar(files: ["é": []], modificationTime: time).archive() }
    }
}
