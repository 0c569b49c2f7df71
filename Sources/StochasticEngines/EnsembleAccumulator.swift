import RateModel
import Engines

/// Ensemble statistics of every series at every output time, accumulated
/// replicate by replicate without storing trajectories.
///
/// One `CountHistogram` per (output time, series). Accumulators built from
/// disjoint sets of replicates merge exactly, so a run gives the same bytes
/// for any thread count and any batching.
public struct EnsembleAccumulator: Sendable, Equatable {
    public let layout: SeriesLayout
    public let outputCount: Int
    /// Histograms, time-major: index `t * layout.count + s`.
    private var histograms: [CountHistogram]

    public init(layout: SeriesLayout, outputCount: Int) {
        self.layout = layout
        self.outputCount = outputCount
        histograms = Array(repeating: CountHistogram(), count: outputCount * layout.count)
    }

    /// Replicates accumulated so far.
    public var replicates: Int { histograms.first?.observations ?? 0 }

    /// Records the compartment counts of one replicate at output `index`.
    public mutating func record(output index: Int, counts: [Int]) {
        let base = index * layout.count
        for (s, entry) in layout.entries.enumerated() {
            var v = 0
            for c in entry.compartments { v += counts[c] }
            histograms[base + s].add(v)
        }
    }

    /// Records one replicate's series values (in layout order) at output
    /// `index`, for callers that sum compartments themselves (a cohort, whose
    /// women have networks of their own).
    public mutating func record(output index: Int, seriesValues values: [Int]) {
        precondition(values.count == layout.count, "one value per series")
        let base = index * layout.count
        for (s, v) in values.enumerated() { histograms[base + s].add(v) }
    }

    /// Adds every replicate of `other` (built over the same layout and outputs).
    public mutating func merge(_ other: EnsembleAccumulator) {
        precondition(other.layout == layout && other.outputCount == outputCount, "merging accumulators of different runs")
        for i in histograms.indices { histograms[i].merge(other.histograms[i]) }
    }

    /// The histogram of series `series` at output `index`.
    public func histogram(output index: Int, series: Int) -> CountHistogram {
        histograms[index * layout.count + series]
    }

    /// The summary the writers consume.
    public func result(times: [Double], method: EngineMethod) -> RunResult {
        precondition(times.count == outputCount)
        let series = layout.entries.enumerated().map { s, entry in
            TimeSeries(label: entry.label, points: (0..<outputCount).map { histograms[$0 * layout.count + s].statistics() })
        }
        return RunResult(times: times, series: series, method: method)
    }
}
