import Mail
import Testing

/// The bounds that keep a hostile message cheap: size, part count, depth.
@Suite struct LimitsTests {
    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as MailError {
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func justOverTheDefaultSizeIsTooLarge() {
        let limit = MIMELimits.standard.maxTotalBytes
        #expect(limit == 10 * 1024 * 1024)
        var bytes = Array("Subject: big\nContent-Type: text/plain\n\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: limit + 1 - bytes.count)
        #expect(code { _ = try MIMEParser.parse(bytes) } == "too-large")
        bytes.removeLast()
        #expect(code { _ = try MIMEParser.parse(bytes) } == nil)
    }

    @Test func sizeLimitIsConfigurable() {
        let bytes = Array("Subject: small\n\n0123456789".utf8)
        #expect(code { _ = try MIMEParser.parse(bytes, limits: MIMELimits(maxTotalBytes: 10)) } == "too-large")
        #expect(code { _ = try MIMEParser.parse(bytes, limits: MIMELimits(maxTotalBytes: 100)) } == nil)
    }

    @Test func tooManyParts() {
        var text = "Content-Type: multipart/mixed; boundary=b\n\n"
        for index in 0..<150 { text += "--b\nContent-Type: text/plain\n\npart \(index)\n" }
        text += "--b--\n"
        let bytes = Array(text.utf8)
        #expect(code { _ = try MIMEParser.parse(bytes) } == "too-many-parts")
        #expect(code { _ = try MIMEParser.parse(bytes, limits: MIMELimits(maxParts: 151)) } == nil)
    }

    @Test(arguments: [10, 11, 200, 1000])
    func depth(_ levels: Int) {
        var inner = "Content-Type: text/plain\n\ninnermost\n"
        for level in 0..<levels {
            inner = "Content-Type: multipart/mixed; boundary=\"l\(level)\"\n\n--l\(level)\n\(inner)--l\(level)--\n"
        }
        let result = code { _ = try MIMEParser.parse(Array(inner.utf8)) }
        #expect(result == (levels <= 10 ? nil : "too-deep"))
    }

    @Test func depthLimitCannotBeRaisedPastTheStack() {
        var inner = "Content-Type: text/plain\n\ninnermost\n"
        for level in 0..<1000 {
            inner = "Content-Type: message/rfc822\nX-Level: \(level)\n\n\(inner)"
        }
        let limits = MIMELimits(maxParts: 10_000, maxDepth: 100_000)
        #expect(code { _ = try MIMEParser.parse(Array(inner.utf8), limits: limits) } == "too-deep")
    }
}
