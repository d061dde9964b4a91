import Authority
import Foundation
import Mail
import PKI
import Site

/// The parsers that read what strangers (and operators) write, each as one fuzz target: whatever
/// the bytes, a parser returns or throws; a crash, a hang or a sanitizer report is a bug.
enum FuzzTarget: String, CaseIterable {
    /// A mail as the MTA delivers it: MIME structure, RFC 2047 words, the body's `Name: value` fields.
    case mail
    /// A certificate signing request as a member sends it: PEM or DER.
    case csr
    /// An S/MIME message: CMS parsing and verification against no trusted root.
    case smime
    /// A content file: front matter, then Markdown.
    case content
    /// `config.toml`.
    case config

    func run(_ bytes: [UInt8]) {
        switch self {
        case .mail:
            guard let message = try? MIMEParser.parse(bytes) else { return }
            _ = message.automationReason
            _ = message.attachments.map(\.data.count)
            _ = BodyFields.parse(message.textBody ?? "").fields.count
        case .csr:
            guard let request = try? CertificateSigningRequest(bytes: bytes) else { return }
            _ = request.subject.description
            _ = try? request.publicKey
            _ = request.hasValidSignature
            _ = request.requestedExtensionOIDs
            _ = try? request.requestedNames
        case .smime:
            _ = try? SignedMessage.verify(
                bytes,
                roots: [],
                intermediates: [],
                at: Date(timeIntervalSince1970: 1_800_000_000)
            )
        case .content:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let front = try? FrontMatter(parsing: text, origin: "fuzz.md") else { return }
            _ = Markdown.html(front.body).count
        case .config:
            _ = try? CAConfiguration(toml: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The target a fuzzing run exercises: `VOUCH_FUZZ_TARGET`.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["VOUCH_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("VOUCH_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8)
            )
            exit(2)
        }
        return target
    }()
}

#if VOUCH_FUZZING
/// One input, as libFuzzer calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `MODULE_main`; here it hands over to libFuzzer's
/// driver, as libFuzzer's own `main` would.
@_cdecl("VouchFuzz_main")
public func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var vector = argv
    return runFuzzerDriver(&count, &vector, fuzzOneInput)
}
#else
/// Without the fuzzer: replays files (`vouch-fuzz TARGET FILE…`), so every corpus entry and
/// every crash ever found runs in the ordinary test build as a regression test.
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: vouch-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("vouch-fuzz: cannot read \(path)")
                exit(1)
            }
            target.run(Array(data))
            count += 1
        }
        print("\(target.rawValue): \(count) inputs replayed")
    }
}
#endif
