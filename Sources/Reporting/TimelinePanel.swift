import Engines
import RateModel

/// One panel of `timeline.svg`: a host (or the whole network) and the
/// series drawn for it, one per compartment plus the total.
///
/// At the biology level a host's panel shows the series summed over cell
/// types (`.allCellTypes`) of the host's combined origin: `.allOrigins` when
/// the host carries cells of more than one origin, else its only origin. At
/// the network level (empty host) there is one panel of every compartment.
/// Series that are zero throughout are left out.
public struct TimelinePanel: Sendable, Equatable {
    /// The host; empty at the network level.
    public var host: String
    /// The origins whose cells are drawn (empty at the network level).
    public var origins: [String]
    /// One series per compartment with any cells, in the result's order.
    public var compartments: [TimeSeries]
    /// The sum over compartments, if it is ever positive.
    public var total: TimeSeries?
    /// Whether the compartment lines are means summed over several origins
    /// (then only the total, if the method gives quantiles, has bands).
    public var summedOverOrigins = false

    /// The panels of `result`, hosts in order of first appearance.
    public static func panels(of result: RunResult) -> [TimelinePanel] {
        if result.series.allSatisfy({ $0.label.host.isEmpty }) {
            return [TimelinePanel(host: "", origins: [], series: result.series)]
        }
        var hosts: [String] = []
        for s in result.series where !s.label.host.isEmpty && !hosts.contains(s.label.host) { hosts.append(s.label.host) }
        return hosts.map { host in
            let mine = result.series.filter { $0.label.host == host }
            let types = mine.map(\.label.cellType)
            let cellType = types.contains(.allCellTypes) ? .allCellTypes : types.first ?? .allCellTypes
            let summed = mine.filter { $0.label.cellType == cellType }
            var origins: [String] = []
            for s in summed { if let o = s.label.origin.name, !origins.contains(o) { origins.append(o) } }
            guard origins.count > 1 else {
                let origin = origins.first.map(SeriesLabel.Part.named) ?? .allOrigins
                return TimelinePanel(host: host, origins: origins, series: summed.filter { $0.label.origin == origin })
            }
            // Several origins: timeseries.csv sums them only in the total, so
            // each compartment's line is the sum of the origins' means (exact;
            // quantiles of a sum do not follow from the parts, so no bands).
            var order: [SeriesLabel.Part] = [], means: [SeriesLabel.Part: [Double]] = [:]
            for s in summed where s.label.origin != .allOrigins {
                let c = s.label.compartment
                if means[c] == nil { order.append(c) }
                var sum = means[c] ?? Array(repeating: 0, count: s.points.count)
                for (k, p) in s.points.enumerated() { sum[k] += p.mean }
                means[c] = sum
            }
            let sums = order.map { c in
                TimeSeries(label: SeriesLabel(host: host, origin: .allOrigins, cellType: cellType, compartment: c),
                           points: means[c]!.map { PointStatistics(mean: $0) })
            }
            var compartments = sums.filter { $0.label.compartment != .total }
            // The `.allOrigins` total brings its quantiles when it is the sum of
            // the origins' totals (always in a family run; not in a cohort,
            // where a woman with a single origin has no `.allOrigins` series).
            let summedTotal = sums.first { $0.label.compartment == .total }
            let allTotal = summed.first { $0.label.origin == .allOrigins && $0.label.compartment == .total }
            if let allTotal, summedTotal.map({ Self.sameMeans(allTotal, $0) }) ?? true {
                compartments.append(allTotal)
            } else if let summedTotal {
                compartments.append(summedTotal)
            }
            var panel = TimelinePanel(host: host, origins: origins, series: compartments)
            panel.summedOverOrigins = true
            return panel
        }
    }

    init(host: String, origins: [String], series: [TimeSeries]) {
        self.host = host
        self.origins = origins
        let drawn = series.filter { !Self.isZeroThroughout($0) }
        compartments = drawn.filter { $0.label.compartment != .total }
        total = drawn.first { $0.label.compartment == .total }
    }

    /// Whether the means of `a` and `b` agree at every time, up to rounding.
    static func sameMeans(_ a: TimeSeries, _ b: TimeSeries) -> Bool {
        a.points.count == b.points.count
            && zip(a.points, b.points).allSatisfy { abs($0.mean - $1.mean) <= 1e-9 * max(1, abs($0.mean), abs($1.mean)) }
    }

    /// Whether every mean and every quantile of `series` is zero.
    public static func isZeroThroughout(_ series: TimeSeries) -> Bool {
        series.points.allSatisfy { p in p.mean == 0 && (p.quantiles.map { $0.q95 == 0 && $0.q05 == 0 } ?? true) }
    }

    /// Whether the total is drawn with bands: when the compartments have none
    /// (summed over origins) but the total has quantiles.
    public var totalHasBands: Bool {
        guard let total, total.points.contains(where: { $0.quantiles != nil }) else { return false }
        return !compartments.contains { s in s.points.contains { $0.quantiles != nil } }
    }

    /// Every series drawn, compartments then the total.
    public var drawn: [TimeSeries] { compartments + (total.map { [$0] } ?? []) }

    /// The caption above the panel: `in mother: cells of son`, `in son: cells
    /// of mother, grandmother and daughter`.
    public var caption: String {
        guard !host.isEmpty else { return "" }
        guard !origins.isEmpty else { return "in \(host)" }
        let list = origins.count == 1 ? origins[0]
            : origins.dropLast().joined(separator: ", ") + " and " + origins[origins.count - 1]
        return "in \(host): cells of \(list)"
    }
}
