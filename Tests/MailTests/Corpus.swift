import Foundation

/// The hostile and well-formed messages in Tests/MailTests/Corpus.
enum Corpus {
    static let directory: URL = Bundle.module.url(forResource: "Corpus", withExtension: nil)!

    /// Every .eml file name, sorted.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.sorted()
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
