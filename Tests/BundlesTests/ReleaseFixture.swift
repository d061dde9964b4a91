import Foundation
import Testing
import VouchTestSupport

/// One CA made by the real `vouch init`, and its root-bundle releases made by the real
/// `vouch bundles build`, shared by every suite of this target:
///
/// 1. `init` (the ceremony issues the bundle signer), then a copy of the data directory;
/// 2. a release in both directories with the same SOURCE_DATE_EPOCH, a second apart;
/// 3. `vouch ca retire codesign`, and a second release the same day;
/// 4. a third build, which must find nothing to do.
final class ReleaseFixture: Sendable {
    static let passphrase = "bundle test passphrase"
    /// 2027-01-01T00:00:00Z, and an hour later.
    static let firstEpoch = 1_798_761_600
    static let secondEpoch = firstEpoch + 3600
    static let first = "vouch-roots-20270101"
    static let second = "vouch-roots-20270101.2"
    static let retirementReason = "code signing moves to a new CA"

    let directory: TemporaryDirectory
    let vouch: VouchCLI
    let twin: VouchCLI
    let runs: [String: ExternalTool.Result]

    static let shared = try! ReleaseFixture()

    private init() throws {
        directory = try TemporaryDirectory("vouch-bundles")
        let environment: [String: String?] = ["VOUCH_PASSPHRASE": Self.passphrase]
        vouch = VouchCLI(data: directory.file("var"), environment: environment)
        twin = VouchCLI(data: directory.file("twin"), environment: environment)
        var runs: [String: ExternalTool.Result] = [:]
        runs["init"] = try vouch.run(
            [
                "init", "--name", "Bundle Test", "--mail-domain", "ca.example.org", "--base-url",
                "https://ca.example.org", "--root-key", "p384", "--site", directory.file("site").path,
            ],
            environment: ["VOUCH_ROOT_PASSPHRASE": "bundle test root passphrase"]
        )
        // The consumers' TLS certificate is issued without CAA lookups: this CA looks nothing up in
        // DNS (no test queries anything but loopback; CAA has its own tests against a local server).
        let config = vouch.data.appendingPathComponent("config.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "[dns]\n", with: "[dns]\nmode = \"offline-demo\"\n").utf8).write(
            to: config
        )
        try ExternalTool.named("cp").run(["-a", vouch.data.path, twin.data.path])
        let first = ["SOURCE_DATE_EPOCH": String(Self.firstEpoch)]
        runs["first"] = try vouch.run(["bundles", "build"], environment: first)
        Thread.sleep(forTimeInterval: 1.1)  // the wall clock moves on; the release must not
        runs["twin"] = try twin.run(["bundles", "build"], environment: first)
        runs["retire"] = try vouch.run(["ca", "retire", "codesign", "--reason", Self.retirementReason])
        let second = ["SOURCE_DATE_EPOCH": String(Self.secondEpoch)]
        runs["second"] = try vouch.run(["bundles", "build"], environment: second)
        runs["third"] = try vouch.run(
            ["bundles", "build"],
            environment: ["SOURCE_DATE_EPOCH": String(Self.secondEpoch + 60)]
        )
        self.runs = runs
    }

    var bundles: URL { vouch.data.appendingPathComponent("bundles") }
    func release(_ version: String) -> URL { bundles.appendingPathComponent(version) }
    /// The release the format tests judge: one anchor and one distrusted CA.
    var latest: URL { release(Self.second) }

    /// The files of a directory tree by relative path.
    static func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// Modification times, to show that a run wrote nothing.
    static func modificationTimes(_ root: URL) throws -> [String: Date] {
        var times: [String: Date] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return times }
        while let path = walker.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
            times[path] = attributes[.modificationDate] as? Date
        }
        return times
    }
}

/// The environment of every consumer tool: nothing inherited may point it at another trust store
/// or a proxy, so what it trusts is exactly what the test gives it.
let isolated: [String: String?] = [
    "SSL_CERT_FILE": nil, "SSL_CERT_DIR": nil, "CURL_CA_BUNDLE": nil, "REQUESTS_CA_BUNDLE": nil,
    "http_proxy": nil, "https_proxy": nil, "HTTP_PROXY": nil, "HTTPS_PROXY": nil, "all_proxy": nil,
    "ALL_PROXY": nil, "no_proxy": nil, "NO_PROXY": nil, "JAVA_TOOL_OPTIONS": nil,
]

/// Runs a consumer tool in the isolated environment and expects it to succeed.
@discardableResult
func consume(
    _ tool: String,
    _ arguments: [String],
    environment: [String: String?] = [:],
    in directory: URL? = nil,
    input: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ExternalTool.Result {
    let result = try ExternalTool.named(tool).run(
        arguments,
        input: input.map { Array($0.utf8) },
        environment: isolated.merging(environment) { $1 },
        in: directory
    )
    #expect(
        result.succeeded,
        "\(tool) \(arguments.joined(separator: " ")): \(result.transcript)",
        sourceLocation: sourceLocation
    )
    return result
}
