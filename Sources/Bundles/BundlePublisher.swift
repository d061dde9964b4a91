import Authority
import Foundation

/// Publishes the releases into the site: everything under `DATA/bundles/` is copied to
/// `OUTPUT/bundles/`, files whose contents are already there left untouched. Releases are never
/// removed from the site, as packagers may pin any of them.
package enum BundlePublisher {
    /// What a publication did.
    package struct Report: Sendable {
        package var fileCount = 0
        package var changedCount = 0
    }

    @discardableResult
    package static func publish(_ directory: DataDirectory, into output: URL) throws -> Report {
        var report = Report()
        let source = directory.bundles
        guard let walker = FileManager.default.enumerator(atPath: source.path) else { return report }
        while let path = walker.nextObject() as? String {
            // Staging directories of a release being made are not published.
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                walker.skipDescendants()
                continue
            }
            let from = source.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: from.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: from.path)
            else { continue }
            report.fileCount += 1
            let target = output.appendingPathComponent("bundles").appendingPathComponent(path)
            if let existing = FileManager.default.contents(atPath: target.path), existing == data { continue }
            try AtomicFile.write(Array(data), to: target)
            report.changedCount += 1
        }
        return report
    }
}
