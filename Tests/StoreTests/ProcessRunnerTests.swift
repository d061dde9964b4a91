import Foundation
import Testing
import VouchTestSupport

/// The tests' process runner cannot deadlock on a tool that answers while it reads.
@Suite struct ProcessRunnerTests {
    @Test func megabytesThroughCatComeBackWhole() throws {
        // Far more than a pipe holds (64 KiB on Linux): writing it all before reading would hang.
        let input = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let result = try ExternalTool(URL(fileURLWithPath: "/bin/cat")).run([], input: input)
        #expect(result.status == 0)
        #expect(Array(result.output.utf8).count == String(decoding: input, as: UTF8.self).utf8.count)
    }

    @Test func aToolThatStopsReadingEarlyDoesNotHangTheRunner() throws {
        let input = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = try ExternalTool(URL(fileURLWithPath: "/usr/bin/head")).run(["-c", "10"], input: input)
        #expect(result.status == 0 && result.output == "xxxxxxxxxx")
    }
}
