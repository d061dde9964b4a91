import Authority
import Bundles
import Foundation

/// Publishes a new root-bundle release when the CA certificates or their trust changed (a new
/// CA, a retired one), and otherwise writes nothing. Runs before the site job, which copies the
/// releases into `site/bundles/`.
package struct BundlesJob: Job {
    package let name = "bundles"
    package let schedule = "when the CA set or its trust changes"

    package init() {}

    package func isDue(lastSuccess: Date?, context: JobContext) throws -> Bool {
        try releaser(context).isDue()
    }

    package func run(_ context: JobContext) throws -> String {
        let releaser = try releaser(context)
        // A release is signed: not under `--now` (SOURCE_DATE_EPOCH is how a release picks its time).
        if try releaser.isDue() { try context.requireRealClock(name) }
        switch try releaser.run() {
        case .released(let release, let directory):
            context.say("released \(release.version) in \(directory.path)")
            return "released \(release.version)"
        case .unchanged(let release):
            return "unchanged since \(release.version)"
        }
    }

    private func releaser(_ context: JobContext) throws -> BundleReleaser {
        BundleReleaser(authority: context.authority, releaseTime: try BundleReleaser.releaseTime(now: context.now))
    }
}
