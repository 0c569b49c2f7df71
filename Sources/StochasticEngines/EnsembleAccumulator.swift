import RateModel
import Engines

/// Ensemble statistics of every series at every output time, accumulated
/// replicate by replicate without storing trajectories.
///
/// One `CountHistogram` per (output time, series), and per series the
/// distribution of the output at which the series is lost for good (its
/// `lossCounts`). Accumulators built from disjoint sets of replicates merge
/// exactly, so a run gives the same bytes for any thread count and any
/// batching.
///
/// A replicate records its outputs in increasing order, `0` to
/// `outputCount − 1`; recording the last output ends the replicate.
public struct EnsembleAccumulator: Sendable, Equatable {
    public let layout: SeriesLayout
    public let outputCount: Int
    /// Histograms, time-major: index `t * layout.count + s`.
    private var histograms: [CountHistogram]
    /// Loss tallies, series-major: index `s * (outputCount + 1) + j` counts
    /// the replicates whose series `s` is zero at output `j` and every later
    /// output but positive at output `j − 1` (`j = 0`: never positive;
    /// `j = outputCount`: still positive at the last output, censored).
    private var losses: [Int]
    /// The replicate in progress: the last output at which each series was positive (−1: none yet).
    private var lastPositive: [Int]

    public init(layout: SeriesLayout, outputCount: Int) {
        self.layout = layout
        self.outputCount = outputCount
        histograms = Array(repeating: CountHistogram(), count: outputCount * layout.count)
        losses = Array(repeating: 0, count: layout.count * (outputCount + 1))
        lastPositive = Array(repeating: -1, count: layout.count)
    }

    /// Replicates accumulated so far.
    public var replicates: Int { histograms.first?.observations ?? 0 }

    /// Records the compartment counts of one replicate at output `index`.
    public mutating func record(output index: Int, counts: [Int]) {
        let base = index * layout.count
        histograms.withUnsafeMutableBufferPointer { row in
            for (s, entry) in layout.entries.enumerated() {
                var v = 0
                for c in entry.compartments { v += counts[c] }
                row[base + s].add(v)
                if v > 0 { lastPositive[s] = index }
            }
        }
        if index == outputCount - 1 { endReplicate() }
    }

    /// Values a replicate gives: one per output time and series.
    public var valuesPerReplicate: Int { outputCount * layout.count }

    /// Writes the value of every series at output `index`, from compartment
    /// `counts`, to `values[offset + index·S + s]` (S series): one replicate's
    /// row of the buffer `recordReplicates` reads.
    public func writeSeries(_ counts: [Int], output index: Int, into values: inout [Int], at offset: Int) {
        let base = offset + index * layout.count
        values.withUnsafeMutableBufferPointer { row in
            for (s, entry) in layout.entries.enumerated() {
                var v = 0
                for c in entry.compartments { v += counts[c] }
                row[base + s] = v
            }
        }
    }

    /// Records `count` whole replicates at once: replicate r's value of
    /// series s at output t is `values[r·T·S + t·S + s]` (T outputs, S
    /// series), every output of every replicate given.
    ///
    /// The same statistics as recording them output by output, but each
    /// histogram takes the values of all `count` replicates in turn, so its
    /// memory is fetched once per batch instead of once per replicate: a
    /// cohort's 3,000-odd histograms per woman otherwise miss the cache at
    /// every value. Complexity: O(count·T·S).
    public mutating func recordReplicates(_ values: [Int], count: Int) {
        let stride = outputCount * layout.count
        precondition(values.count >= count * stride, "one value per replicate, output and series")
        guard count > 0 && stride > 0 else { return }
        values.withUnsafeBufferPointer { v in
            histograms.withUnsafeMutableBufferPointer { h in
                let base = v.baseAddress!
                for i in 0..<stride { h[i].add(strided: base + i, stride: stride, count: count) }
            }
            for r in 0..<count {
                for s in 0..<layout.count {
                    var last = -1
                    for t in 0..<outputCount where v[r &* stride &+ t &* layout.count &+ s] > 0 { last = t }
                    losses[s * (outputCount + 1) + last + 1] += 1
                }
            }
        }
    }

    /// Tallies the replicate that just recorded its last output and resets.
    private mutating func endReplicate() {
        let stride = outputCount + 1
        for s in lastPositive.indices {
            losses[s * stride + lastPositive[s] + 1] += 1
            lastPositive[s] = -1
        }
    }

    /// Adds every replicate of `other` (built over the same layout and outputs).
    public mutating func merge(_ other: EnsembleAccumulator) {
        precondition(other.layout == layout && other.outputCount == outputCount, "merging accumulators of different runs")
        for i in histograms.indices { histograms[i].merge(other.histograms[i]) }
        for i in losses.indices { losses[i] += other.losses[i] }
    }

    /// How many replicates lost series `series` for good at each output:
    /// element `j` (of `outputCount + 1`) counts those that are zero from
    /// output `j` on and positive at output `j − 1`; element 0 those never
    /// positive; the last element those still positive at the last output
    /// (their loss is censored by the horizon). The elements sum to
    /// `replicates`.
    public func lossCounts(series: Int) -> ArraySlice<Int> {
        let stride = outputCount + 1
        return losses[series * stride..<(series + 1) * stride]
    }

    /// The histogram of series `series` at output `index`.
    public func histogram(output index: Int, series: Int) -> CountHistogram {
        histograms[index * layout.count + series]
    }

    /// The summary the writers consume, its series summarized on up to
    /// `threads` threads (each statistic depends only on its histogram, so the
    /// bytes do not depend on `threads`). Complexity: O(T·S·D log D) for D
    /// distinct values per histogram.
    public func result(times: [Double], method: EngineKind, threads: Int = 1) -> RunResult {
        precondition(times.count == outputCount)
        let (_, points) = ParallelChunks.run(count: layout.count, chunkSize: 1, threads: max(1, threads),
                                             local: { 0 }) { (_: inout Int, range: Range<Int>) -> [PointStatistics] in
            let s = range.lowerBound
            return (0..<outputCount).map { histograms[$0 * layout.count + s].statistics() }
        }
        let series = layout.entries.enumerated().map { s, entry in TimeSeries(label: entry.label, points: points[s]) }
        return RunResult(times: times, series: series, method: method)
    }
}
