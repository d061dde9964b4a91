import Authority
import Foundation
import PKI
import Store

/// Makes a release when the CA set or its trust changed since the last one, and otherwise writes
/// nothing. Releases are kept under `DATA/bundles/` for ever; the site copies them.
///
/// A release is built in memory, written into a hidden staging directory, renamed into place, and
/// only then recorded: a run killed at any point leaves either no release or a complete one, and
/// an unrecorded directory left by such a run is replaced by the next.
package struct BundleReleaser: Sendable {
    package let authority: CertificateAuthority
    /// When the release happens: SOURCE_DATE_EPOCH if set, else the run's time.
    package let releaseTime: Date

    package init(authority: CertificateAuthority, releaseTime: Date) {
        self.authority = authority
        self.releaseTime = releaseTime.wholeSeconds
    }

    /// The time a release made now carries: `SOURCE_DATE_EPOCH` (reproducible-builds.org) when
    /// the environment sets it, else `now`.
    package static func releaseTime(
        now: Date,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Date {
        guard let value = environment["SOURCE_DATE_EPOCH"], !value.isEmpty else { return now }
        guard let seconds = Int64(value), seconds >= 0 else {
            throw BundleError(
                .sourceDateEpoch,
                "SOURCE_DATE_EPOCH must be a count of seconds since 1970, not '\(value)'"
            )
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    package enum Outcome: Sendable {
        /// A new release, and where its files are.
        case released(BundleRelease, URL)
        /// Nothing changed since this release (nil: nothing to release from).
        case unchanged(BundleRelease)
    }

    /// Whether the CA set or its trust differ from the latest release's.
    package func isDue() throws -> Bool {
        let current = try TrustSet(authority).canonicalText
        return try authority.store.latestBundleRelease()?.inputs != current
    }

    @discardableResult
    package func run() throws -> Outcome {
        let store = authority.store
        let set = try TrustSet(authority)
        let inputs = set.canonicalText
        let releases = try store.bundleReleases()
        let root = authority.directory.bundles
        try removeUnrecorded(in: root, recorded: Set(releases.map(\.version)))
        if let latest = releases.last, latest.inputs == inputs {
            try ReleaseIndex(authority: authority, releases: releases).write(into: root)
            return .unchanged(latest)
        }
        let version = Self.version(at: releaseTime, existing: releases.map(\.version))
        let entry = ChangeLog.entry(
            version: version,
            releasedAt: releaseTime,
            previous: releases.last.map { RecordedEntry.parse($0.inputs) },
            current: set
        )
        let changes = ([entry] + releases.reversed().map(\.changes)).joined(separator: "\n")
        let contents = try ReleaseContents(
            set: set,
            version: version,
            releasedAt: releaseTime,
            changes: changes,
            caName: authority.configuration.name,
            signer: try authority.bundleSigner()
        )
        let target = root.appendingPathComponent(version)
        try Self.place(contents, at: target)
        let release = try store.recordBundleRelease(
            Store.NewBundleRelease(
                version: version,
                releasedAt: releaseTime,
                inputs: inputs,
                changes: entry,
                tarballSHA256: contents.tarballSHA256
            )
        )
        try ReleaseIndex(authority: authority, releases: releases + [release]).write(into: root)
        return .released(release, target)
    }

    /// `vouch-roots-YYYYMMDD` for the first release of a (UTC) day, `.2`, `.3` … for the next.
    static func version(at time: Date, existing: [String]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        let base = "vouch-roots-\(formatter.string(from: time))"
        let taken = Set(existing)
        guard taken.contains(base) else { return base }
        var number = 2
        while taken.contains("\(base).\(number)") { number += 1 }
        return "\(base).\(number)"
    }

    /// Writes every file under a hidden staging directory, then renames it to `target`.
    private static func place(_ contents: ReleaseContents, at target: URL) throws {
        let manager = FileManager.default
        let staging = target.deletingLastPathComponent().appendingPathComponent(
            ".staging-\(target.lastPathComponent)-\(UUID().uuidString)"
        )
        do {
            for (path, bytes) in contents.files {
                try AtomicFile.write(bytes, to: staging.appendingPathComponent(path))
            }
            guard rename(staging.path, target.path) == 0 else {
                throw BundleError(
                    .io,
                    "cannot move the release into \(target.path): \(String(cString: strerror(errno)))"
                )
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }

    /// Staging directories and release directories the registry does not know, left by a run
    /// that was killed before it recorded them.
    private func removeUnrecorded(in root: URL, recorded: Set<String>) throws {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root.path) else { return }
        for name in names
        where name.hasPrefix(".staging-") || (name.hasPrefix("vouch-roots-") && !recorded.contains(name)) {
            try manager.removeItem(at: root.appendingPathComponent(name))
        }
    }
}
