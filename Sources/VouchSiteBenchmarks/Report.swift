import Foundation

extension SiteBench {
    /// The table for the README, and which of the issue's targets were met.
    static func printTable(_ rows: [Row], options: Options) {
        func cell(_ measurement: Measurement?) -> String {
            guard let measurement else { return "—" }
            return String(
                format: "%.1f s (CPU %.1f s), %.0f MB",
                measurement.seconds,
                measurement.cpuSeconds,
                measurement.peakRSSMegabytes
            )
        }
        print("")
        print(
            "| members | member pages | vouch full | Hugo, same pages | Hugo ÷ vouch | no-change rebuild | one-member rebuild |"
        )
        print("|---|---|---|---|---|---|---|")
        for row in rows {
            let ratio =
                row.hugo.map {
                    String(
                        format: "%.1f× (CPU %.1f×)",
                        $0.seconds / max(0.01, row.vouchFull.seconds),
                        $0.cpuSeconds / max(0.01, row.vouchFull.cpuSeconds)
                    )
                } ?? "—"
            let noChange = String(
                format: "%.2f s (%.1f %%)",
                row.vouchNoChange.seconds,
                100 * row.vouchNoChange.seconds / max(0.01, row.vouchFull.seconds)
            )
            print(
                "| \(row.members) | \(row.pages) | \(cell(row.vouchFull)) | \(cell(row.hugo)) | \(ratio) | \(noChange) | "
                    + String(format: "%.2f s", row.vouchOneMember.seconds) + " |"
            )
        }
        print("")
        if let row = rows.first(where: { $0.members == 100_000 }), let hugo = row.hugo {
            let ratio = hugo.seconds / max(0.01, row.vouchFull.seconds)
            print(
                String(format: "target ≥ 2× Hugo's speed at 100,000: %.1f× — %@", ratio, ratio >= 2 ? "met" : "NOT met")
            )
        }
        if let row = rows.first(where: { $0.members == 350_000 }) {
            let rss = row.vouchFull.peakRSSMegabytes
            print(
                String(format: "target ≤ 1 GB peak RSS at 350,000: %.0f MB — %@", rss, rss <= 1024 ? "met" : "NOT met")
            )
        }
        for row in rows {
            let share = 100 * row.vouchNoChange.seconds / max(0.01, row.vouchFull.seconds)
            print(
                String(
                    format: "target no-change rebuild ≤ 5 %% of a full build at %d: %.1f %% — %@",
                    row.members,
                    share,
                    share <= 5 ? "met" : "NOT met"
                )
            )
        }
    }
}
