import Foundation

/// A bar chart drawn at build time as SVG shapes (no script, no external asset), with the same
/// numbers as a table for readers who cannot see it. Bars may be stacked by series.
struct BarChart: Codable, Hashable {
    struct Row: Codable, Hashable {
        var label: String
        var values: [Int]
        var total: Int
    }

    struct Series: Codable, Hashable {
        var name: String
        var colourClass: String
    }

    var rows: [Row]
    var series: [Series]
    /// The inner SVG (bars, axis, labels); the template supplies the `<svg>` element and its text
    /// alternative.
    var svg: String
    var viewBox: String
    var isEmpty: Bool
    var hasSeveralSeries: Bool

    init(rows: [(label: String, values: [Int])], series: [String]) {
        self.rows = rows.map { Row(label: $0.label, values: $0.values, total: $0.values.reduce(0, +)) }
        self.series = series.enumerated().map { Series(name: $0.element, colourClass: "series-\($0.offset % 4)") }
        isEmpty = rows.isEmpty
        hasSeveralSeries = series.count > 1
        let width = 640
        let height = 240
        let left = 48
        let bottom = 40
        let top = 12
        let plotHeight = height - bottom - top
        let maximum = max(1, self.rows.map(\.total).max() ?? 1)
        let scale = Self.niceCeiling(maximum)
        let slot = Double(width - left - 8) / Double(max(1, rows.count))
        let barWidth = min(48, max(2, slot * 0.7))
        var svg = ""
        // Grid lines and their numbers.
        for step in 0...4 {
            let value = scale * step / 4
            let y = Double(top) + Double(plotHeight) * (1 - Double(step) / 4)
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(Self.f(y))\" y2=\"\(Self.f(y))\"/>"
            svg += "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(Self.f(y + 4))\" text-anchor=\"end\">\(value)</text>"
        }
        let labelEvery = max(1, rows.count / 12)
        for (index, row) in self.rows.enumerated() {
            let x = Double(left) + slot * Double(index) + (slot - barWidth) / 2
            var base = Double(top + plotHeight)
            for (seriesIndex, value) in row.values.enumerated() where value > 0 {
                let barHeight = Double(plotHeight) * Double(value) / Double(scale)
                base -= barHeight
                svg += "<rect class=\"bar series-\(seriesIndex % 4)\" x=\"\(Self.f(x))\" y=\"\(Self.f(base))\" "
                svg += "width=\"\(Self.f(barWidth))\" height=\"\(Self.f(barHeight))\"/>"
            }
            if index % labelEvery == 0 {
                svg += "<text class=\"axis\" x=\"\(Self.f(x + barWidth / 2))\" y=\"\(height - bottom + 16)\" "
                svg += "text-anchor=\"middle\">\(Self.escape(row.label))</text>"
            }
        }
        svg += "<line class=\"baseline\" x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(top + plotHeight)\" "
        svg += "y2=\"\(top + plotHeight)\"/>"
        self.svg = svg
        viewBox = "0 0 \(width) \(height)"
    }

    /// 1, 2 or 5 times a power of ten, at least `value` (and at least 4, so grid steps are whole).
    private static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while true {
            for factor in [1, 2, 5] where factor * power >= value && factor * power >= 4 { return factor * power }
            power *= 10
        }
    }

    private static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
