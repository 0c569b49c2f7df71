import Engines
import RateModel
import Reporting
import StochasticEngines

/// Builds the rows of summary.csv from a run's statistics.
///
/// - peak: the largest mean over the output times and the first time it is reached;
/// - `p_present` at each checkpoint: read off the run's statistics at that
///   output time (the checkpoints are output times, see `SummaryCheckpoints`),
///   so it equals timeseries.csv's `p_present` there;
/// - time to loss of replicate r: `max(0, t_j − reference)` where `t_j` is
///   the first output time from which the series is zero at every later
///   output (so it is known to the output grid's resolution); replicates still
///   carrying cells at the last output are censored there. Quantiles are
///   type 7 over all replicates with censored ones sorted last; a quantile
///   that needs a censored value is `nil`.
enum PersistenceSummary {
    /// One row per series of `result`. `accumulator` (stochastic runs) gives
    /// the loss times; its first `result.series.count` series are those of
    /// `result`. Complexity: O(S·T).
    static func rows(_ result: RunResult, references: [Double], accumulator: EnsembleAccumulator?) -> [SeriesSummary] {
        precondition(references.count == result.series.count, "one reference per series")
        var index: [Double: Int] = [:]
        for (k, t) in result.times.enumerated() { index[t] = k }
        return result.series.enumerated().map { s, series in
            var peak = (mean: -Double.infinity, time: 0.0)
            for (k, p) in series.points.enumerated() where p.mean > peak.mean { peak = (p.mean, result.times[k]) }
            let reference = references[s]
            let present: [Double?] = SummaryCSV.checkpointYears.map { y in
                index[SummaryCheckpoints.time(after: reference, years: y)].flatMap { series.points[$0].pPresent }
            }
            var row = SeriesSummary(label: series.label, referenceDays: reference, peakMean: peak.mean,
                                    peakTimeDays: peak.time, pPresent: present)
            if let accumulator {
                let counts = Array(accumulator.lossCounts(series: s))
                row.lossYears = lossQuantiles(counts, times: result.times, reference: reference)
                row.lossCensored = Double(counts.last ?? 0) / Double(max(1, accumulator.replicates))
            }
            return row
        }
    }

    /// Type-7 quantiles at 5, 50 and 95% of the loss times, from
    /// `counts[j]` (replicates lost for good at output `j`, censored at `j = T`).
    static func lossQuantiles(_ counts: [Int], times: [Double], reference: Double) -> (q05: Double?, q50: Double?, q95: Double?) {
        let total = counts.reduce(0, +)
        guard total > 0 else { return (nil, nil, nil) }
        /// The loss time (years) at 0-based rank `k`; nil when censored.
        func value(rank k: Int) -> Double? {
            var seen = 0
            for (j, c) in counts.enumerated() {
                seen += c
                if k < seen { return j < times.count ? max(0, times[j] - reference) / Days.perYear : nil }
            }
            return nil
        }
        func quantile(_ p: Double) -> Double? {
            let h = Double(total - 1) * p
            let lo = Int(h.rounded(.down))
            let frac = h - Double(lo)
            guard let a = value(rank: lo) else { return nil }
            if frac == 0 || lo + 1 >= total { return a }
            guard let b = value(rank: lo + 1) else { return nil }
            return a + frac * (b - a)
        }
        return (quantile(0.05), quantile(0.5), quantile(0.95))
    }
}
