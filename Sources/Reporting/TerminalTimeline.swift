import Engines
import Foundation
import RateModel

/// A persistence timeline drawn with Unicode characters for a terminal:
/// years across, mean cells on a log scale, one marker per compartment.
///
/// The panel's series are those of `timeline.svg` (`TimelinePanel`), without
/// the total. Each column covers `span / columns` of time and shows the
/// largest mean at an output time inside it (so a short peak is not lost
/// between columns), or the mean interpolated at its centre if none is;
/// positive means below the axis sit on its lowest row, and zero has a row
/// of its own under a break (`0 ┤`). Events are marked `▼` above the plot
/// and listed under it. Every line has at most `width` characters.
public struct TerminalTimeline: Sendable {
    public var width: Int
    /// Rows of the log scale (the zero row comes on top of these).
    public var rows: Int

    public init(width: Int = 80, rows: Int = 14) {
        precondition(width >= 40 && rows >= 4, "a terminal chart needs at least 40 columns and 4 rows")
        self.width = width
        self.rows = rows
    }

    /// Markers of the compartments, in order.
    static let markers: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇", "×", "+", "∗", "▪"]
    /// Columns of the y labels and the axis.
    static let gutter = 8

    /// The chart of `panel` over `times` (days), with `events`.
    public func render(_ panel: TimelinePanel, times: [Double], events: [TimelineEvent]) -> [String] {
        let series = Array(panel.compartments.prefix(Self.markers.count))
        let columns = width - Self.gutter
        guard let first = times.first, let last = times.last, last > first, !series.isEmpty else { return ["(nothing to draw)"] }
        let span = last - first
        func column(_ t: Double) -> Int { min(columns - 1, max(0, Int((t - first) / span * Double(columns)))) }

        // The largest mean of each series inside each column; a column with
        // no output time takes the mean interpolated at its centre.
        var peaks = [[Double]](repeating: [Double](repeating: -1, count: columns), count: series.count)
        for (s, line) in series.enumerated() {
            for (k, t) in times.enumerated() {
                let c = column(t)
                peaks[s][c] = max(peaks[s][c], line.points[k].mean)
            }
            var k = 0
            for c in 0..<columns where peaks[s][c] < 0 {
                let centre = first + (Double(c) + 0.5) / Double(columns) * span
                while k + 1 < times.count && times[k + 1] < centre { k += 1 }
                let (t0, t1) = (times[k], times[min(k + 1, times.count - 1)])
                let (m0, m1) = (line.points[k].mean, line.points[min(k + 1, times.count - 1)].mean)
                peaks[s][c] = t1 > t0 ? m0 + (m1 - m0) * (centre - t0) / (t1 - t0) : m0
            }
        }
        let positive = peaks.flatMap { $0 }.filter { $0 > 0 }
        guard let scale = LogScale.covering(positive, bottom: Double(rows - 1), top: 0, minimumDecades: 2, maximumDecades: 8) else {
            return ["(every compartment is empty throughout)"]
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows + 1)
        for (s, row) in peaks.enumerated() {
            for (c, value) in row.enumerated() where value >= 0 {
                let r = value == 0 ? rows : min(rows - 1, max(0, Int(scale.pixel(value).rounded())))
                grid[r][c] = Self.markers[s]
            }
        }

        var lines: [String] = []
        if !panel.caption.isEmpty { lines.append(fit("\(panel.caption) (mean cells, log scale)")) }
        let marked = events.filter { $0.time >= first && $0.time <= last }.sorted { $0.time < $1.time }
        if !marked.isEmpty {
            var top = [Character](repeating: " ", count: columns)
            for e in marked { top[column(e.time)] = "▼" }
            lines.append(String(repeating: " ", count: Self.gutter) + String(top))
        }
        let labelled = Dictionary(uniqueKeysWithValues: scale.labelledExponents.map { (Int(scale.pixel(LogScale.power($0)).rounded()), $0) })
        for r in 0..<rows {
            let label = labelled[r].map { LogScale.label(exponent: $0) } ?? ""
            lines.append(pad(label, Self.gutter - 2) + (labelled[r] == nil ? " │" : " ┤") + String(grid[r]))
        }
        lines.append(pad("", Self.gutter - 2) + " ┊")
        lines.append(pad("0", Self.gutter - 2) + " ┤" + String(grid[rows]))
        lines += axis(first: first, last: last, columns: columns)
        lines += legend(series.enumerated().map { "\(Self.markers[$0.offset]) \($0.element.label.compartment.text.replacingOccurrences(of: "_", with: " "))" })
        if !marked.isEmpty {
            lines += legend(marked.map { "▼ \(String(format: "%.1f", $0.time / Days.perYear)) y \($0.label)" })
        }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    /// The x axis with ticks at round years and their labels.
    func axis(first: Double, last: Double, columns: Int) -> [String] {
        let years = (last - first) / Days.perYear
        let step = [1.0, 2, 5, 10, 20, 50, 100].first { years / $0 <= 8 } ?? 200
        var rule = [Character](repeating: "─", count: columns)
        var labels = [Character](repeating: " ", count: columns + 6)
        var y = (first / Days.perYear / step).rounded(.up) * step
        while y * Days.perYear <= last + 1e-9 {
            let c = min(columns - 1, Int((y * Days.perYear - first) / (last - first) * Double(columns)))
            rule[c] = "┬"
            let text = Array(y == y.rounded() ? String(Int(y)) : String(format: "%.1f", y))
            let start = max(0, min(columns + 6 - text.count, c - text.count / 2))
            if labels[start..<start + text.count].allSatisfy({ $0 == " " }) && (start == 0 || labels[start - 1] == " ") {
                for (i, ch) in text.enumerated() { labels[start + i] = ch }
            }
            y += step
        }
        return [pad("", Self.gutter - 2) + " └" + String(rule),
                String(repeating: " ", count: Self.gutter) + String(labels.prefix(width - Self.gutter)),
                pad("", Self.gutter) + String(repeating: " ", count: max(0, columns / 2 - 3)) + "years"]
    }

    /// Items separated by two spaces, wrapped to the width.
    func legend(_ items: [String]) -> [String] {
        TextWrap.lines(items.map { fit($0, width: width - 2) }, width: width, separator: "  ")
    }

    /// `text` cut to `width` characters with an ellipsis.
    func fit(_ text: String, width: Int? = nil) -> String {
        let w = width ?? self.width
        return text.count <= w ? text : String(text.prefix(w - 1)) + "…"
    }

    /// `text` right-aligned in `width` columns.
    func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
