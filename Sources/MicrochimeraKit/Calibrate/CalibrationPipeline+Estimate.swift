import BiologyModel
import Optimization
import RandomStreams

extension CalibrationPipeline {
    /// The screening run of each start: BOBYQA until a step changes the
    /// negative log-likelihood by less than 0.01 (or 1e-5 of it), at most 800
    /// evaluations. Cheap and coarse: it only has to tell the basins apart.
    static let screenSettings = OptimizerSettings(algorithm: .bobyqa, relativeTolerance: 1e-5, absoluteTolerance: 1e-2,
                                                  maxEvaluations: 800)
    /// How many of the best screened starts are polished (`warmSettings`).
    static let polished = 2

    /// The maximum-likelihood estimate of a suite in two phases: every start
    /// (the `seeds`, then a Latin hypercube of `count` points with seed
    /// `seed`) screened with `screenSettings`, in parallel; then the
    /// `polished` best screened ends (lowest value, then lowest start on a
    /// tie) continued with `warmSettings` (to 1e-3 in log-likelihood, a first
    /// step of 2% of the width), in parallel; the cross-polish and the
    /// profiles, which resolve 0.05, continue from there. The estimate is the best polished end. A start
    /// whose screened end is worse than the polished ones by more than the
    /// screening tolerance could still have led elsewhere had it been
    /// continued: that is the price of the screen, stated in docs/fit.md.
    ///
    /// The ends are in design order, polished ones with the evaluations of
    /// both phases. Deterministic for any `threads`.
    static func estimate(_ problem: FitProblem, objective: @escaping @Sendable ([Double]) -> Double, seeds: [[Double]] = [],
                         count: Int, seed: UInt64, threads: Int, log: (@Sendable (String) -> Void)? = nil) throws(RunError)
        -> (best: OptimizationResult, ends: [OptimizationResult], design: [[Double]]) {
        let box = problem.box
        let design = seeds.map { box.clamp($0) }
            + LatinHypercube.points(count: count, in: box, stream: StreamID(seed: seed, point: 0, replicate: 0, substream: 1))
        var ends = FitPipeline.parallelMap(count: design.count, threads: threads) {
            BoundedOptimizer.minimize(objective, start: design[$0], box: box, settings: screenSettings)
        }
        log?("    screened \(design.count) start(s): \(ends.map(\.evaluations).reduce(0, +)) evaluations, best \(String(format: "%.3f", -(ends.map(\.value).min() ?? .nan)))")
        let order = ends.indices.sorted { ends[$0].value < ends[$1].value || (ends[$0].value == ends[$1].value && $0 < $1) }
        let chosen = Array(order.prefix(polished)).filter { ends[$0].value.isFinite }
        let polish = warmSettings
        let screened = ends
        let continued = FitPipeline.parallelMap(count: chosen.count, threads: threads) {
            BoundedOptimizer.minimize(objective, start: screened[chosen[$0]].point, box: box, settings: polish)
        }
        log?("    polished \(chosen.count): \(continued.map(\.evaluations).map(String.init).joined(separator: " and ")) evaluations")
        for (k, i) in chosen.enumerated() {
            let end = continued[k].value <= screened[i].value ? continued[k] : screened[i]
            ends[i] = OptimizationResult(point: end.point, value: end.value, evaluations: screened[i].evaluations + continued[k].evaluations,
                                         status: continued[k].status, start: design[i])
        }
        let best = try FitPipeline.best(of: chosen.map { ends[$0] })
        return (best, ends, design)
    }

    /// The shipped calibration's estimate as a start of `problem`: the
    /// suite's (`BiologyDefaults.calibratedEstimate(_:)`), or with
    /// `structure` that compared structure's, each parameter it lacks taken
    /// from the suite's (a structure new to the comparison starts where the
    /// suite was); nil unless every free parameter has a value. With it among
    /// the starts, a calibration ends at least as
    /// high as the one it replaces (the screen and the polish only move
    /// downhill), whatever basins the Latin hypercube or the grid find; the
    /// result still depends only on the repository's state. O(k).
    static func shippedStart(_ problem: FitProblem, structure: String? = nil) -> [Double]? {
        var start: [Double] = []
        for coordinate in problem.coordinates {
            let name = coordinate.parameter.name
            let shipped = if let structure {
                BiologyDefaults.calibratedEstimate(name, structure: structure) ?? BiologyDefaults.calibratedEstimate(name)
            } else {
                BiologyDefaults.calibratedEstimate(name)
            }
            guard let value = shipped else { return nil }
            start.append(coordinate.coordinate(value))
        }
        return problem.box.clamp(start)
    }

    /// The joint estimate `x` of `from` as a start for `to`: each of `to`'s
    /// coordinates takes the value of `from`'s parameter of the same name,
    /// or `fill(j)` (default: the middle of its box) where `from` has none.
    static func mapped(_ x: [Double], from: FitProblem, to: FitProblem, fill: ((Int) -> Double)? = nil) -> [Double] {
        let box = to.box
        return to.coordinates.indices.map { j in
            if let i = from.coordinates.firstIndex(where: { $0.parameter.name == to.coordinates[j].parameter.name }) {
                return to.coordinates[j].coordinate(from.coordinates[i].value(x[i]))
            }
            return fill?(j) ?? (box.lower[j] + box.upper[j]) / 2
        }
    }
}
