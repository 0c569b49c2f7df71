import BiologyModel
import Foundation
import RateModel
import Reporting
import StochasticEngines

/// Turns the simulated counts of the cells an assay can see into what the
/// assay would report: the detection probability and the expected level.
///
/// For a true count `N` in the compartment and sampled fraction `f`, the
/// sampled count is `K ~ Binomial(N, f)` (thinning), and
/// `P(detect | N) = P(K ≥ L) = 1 − Σ_{k<L} C(N,k) f^k (1−f)^{N−k}`. Over the
/// replicates this conditional probability is averaged exactly (no extra
/// random draw: a Rao-Blackwell estimate, never noisier than drawing `K`).
/// The level is `E[K]` over the sample's size in the assay's unit
/// (`CompiledAssay.level`): `f·E[N]/cells analysed·10⁵` for qPCR.
enum AssayEvaluation {
    /// The series an assay counts, appended after the reported ones.
    static func series(_ compiled: CompiledScenario) -> [SeriesLayout.Entry] {
        compiled.assays.map(series)
    }

    /// The series of the cells `a` can see.
    static func series(_ a: CompiledAssay) -> SeriesLayout.Entry {
        SeriesLayout.Entry(label: SeriesLabel(host: a.assay.host, origin: .named(a.assay.marker.name), cellType: .assayed,
                                              compartment: .named(a.assay.compartment)),
                           compartments: a.compartments)
    }

    /// Rows from an ensemble whose layout ends with `series(compiled)`. An
    /// assay that sees a niche's clone takes its `P(detect)` and the clone's part of its level from the kept
    /// `trajectories` (`CloneDetection.detection`), which must then be given.
    static func rows(_ compiled: CompiledScenario, accumulator: EnsembleAccumulator, firstAssaySeries: Int,
                     trajectories: [[[Int]]]? = nil) -> [AssayCSV.Row] {
        let times = compiled.network.outputTimes
        var rows: [AssayCSV.Row] = []
        for (a, assay) in compiled.assays.enumerated() {
            for t in assay.assay.times.sorted() {
                guard let k = times.firstIndex(of: t) else { continue }
                let estimate = estimate(assay, histogram: accumulator.histogram(output: k, series: firstAssaySeries + a))
                var (p, clone) = (estimate.pDetect, 0.0)
                if assay.seesClone {
                    guard let trajectories else { preconditionFailure("an assay that sees a niche's clone needs the trajectories") }
                    (p, clone) = CloneDetection.estimate(assay, trajectories: trajectories, output: k)
                }
                rows.append(row(assay, time: t, pDetect: p, meanCount: estimate.meanCount, meanCloneSeen: clone))
            }
        }
        return rows
    }

    /// The Rao-Blackwell `P(detect)` (the replicates' mean of `P(detect | N)`)
    /// and the mean count `E[N]` of `assay` from the histogram of its counts over
    /// the replicates. O(distinct counts · limit of detection).
    static func estimate(_ assay: CompiledAssay, histogram: CountHistogram) -> (pDetect: Double, meanCount: Double) {
        let total = Double(histogram.observations)
        var p = 0.0
        var mean = 0.0
        for (value, count) in histogram.sortedEntries {
            p += Double(count) * detection(count: value, fraction: assay.sampledFraction, limit: assay.assay.limitOfDetection)
            mean += Double(count) * Double(value)
        }
        return (p / total, mean / total)
    }

    static func row(_ assay: CompiledAssay, time: Double, pDetect: Double?, meanCount: Double, meanCloneSeen: Double = 0) -> AssayCSV.Row {
        AssayCSV.Row(assay: assay.assay.name, host: assay.assay.host, marker: assay.assay.marker.name,
                     compartment: assay.assay.compartment, time: time, sampledFraction: assay.sampledFraction,
                     hostCellsAnalysed: assay.levelUnit == .perMilliliterPlasma ? nil : assay.hostCellsAnalysed,
                     limitOfDetection: assay.assay.limitOfDetection, pDetect: pDetect,
                     meanPer1e5: assay.level(meanCount: meanCount, meanCloneSeen: meanCloneSeen),
                     levelUnit: assay.levelUnit.rawValue)
    }

    /// The expected level in the assay's unit (`CompiledAssay.level`), for
    /// qPCR `f·E[N]/cells analysed·10⁵` genome equivalents per 10⁵ host cells.
    static func level(_ assay: CompiledAssay, meanCount: Double) -> Double {
        assay.level(meanCount: meanCount)
    }

    /// `P(Binomial(n, f) ≥ limit)`, summing the lower tail in log space.
    static func detection(count n: Int, fraction f: Double, limit: Int) -> Double {
        guard n >= limit else { return 0 }
        guard f < 1 else { return 1 }
        if limit <= 1 { return -expm1(Double(n) * log1p(-f)) }
        var miss = 0.0
        for k in 0..<limit { miss += binomial(k, of: n, fraction: f) }
        return max(0, 1 - miss)
    }

    /// `P(Binomial(n, f) = k)`, in log space (`lgamma`); exact 0 or 1 at f = 0 or 1. O(1).
    static func binomial(_ k: Int, of n: Int, fraction f: Double) -> Double {
        guard k >= 0 && k <= n else { return 0 }
        if f <= 0 { return k == 0 ? 1 : 0 }
        if f >= 1 { return k == n ? 1 : 0 }
        let logChoose = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        return exp(logChoose + Double(k) * log(f) + Double(n - k) * log1p(-f))
    }
}
