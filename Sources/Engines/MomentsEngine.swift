import Foundation
import LinearAlgebra
import RateModel

/// Exact moments of the cell counts, by matrix exponentials over each epoch:
/// the mean, the covariance and the probability of being empty.
///
/// The mean obeys the linear ODE `dm/dt = A(t)·m + u(t)` with `A`, `u`
/// piecewise constant (see `MeanGenerator`), and jumps `m += cells` at each
/// bolus. Between consecutive stops (output times, epoch edges, boluses) the
/// engine applies the exact step `m ← Φ·m + g`; there is no time-stepping error,
/// only the rounding of `expm` (about 1e-15 relative per step).
/// `meanTrajectory()` caches its steps per (epoch, step length), so a regular
/// output grid costs one exponential per epoch and one BLAS `dgemv` per output
/// time: O(E·n³ + T·n²) for E distinct (epoch, step) pairs and T stops.
///
/// The covariance (`momentTrajectory()`, `MomentStep`, O(E·(15 + s)·n⁴ + T·n³))
/// is exact in the same sense. The probability of being empty
/// (`emptyProbabilities()`) is exact without division and accurate to
/// `extinctionTolerance` with division; `logGeneratingFunction(targets:)`
/// gives `E[s^{X_S}]` for any sum S of compartments. `run(layout:)` reports the
/// mean, sd and probability of presence of any sums of compartments, `run()`
/// those of every compartment and the total; `docs/model.md` states the equations.
/// Each of these entry points first pins OpenBLAS to one thread
/// (`BLASThreading.pinForReproducibility()`), so the bytes never depend on
/// how OpenBLAS would split a product.
public struct MomentsEngine: Sendable {
    public let model: NetworkModel
    public let schedule: EpochSchedule

    public init(model: NetworkModel) {
        self.model = model
        schedule = EpochSchedule(model: model)
    }

    /// The mean, standard deviation and probability of presence of every
    /// compartment and of their total at each output time (no quantiles):
    /// `run(layout: SeriesLayout(network: model))`.
    public func run() throws(EngineError) -> RunResult {
        try run(layout: SeriesLayout(network: model))
    }

    /// The mean, standard deviation and probability of presence of every
    /// series of `layout` at each output time (no quantiles).
    ///
    /// For a series summing the compartments S: `mean = Σ_{i∈S} m_i`,
    /// `sd = sqrt(max(1_Sᵀ·Σ·1_S, 0))` from `momentTrajectory()`, computed part
    /// by part when the network has independent parts (the covariance is then
    /// block diagonal) (the sum of the covariance block of S, accumulated
    /// column by column), and `pPresent = 1 − P(X_S = 0) = −expm1(ln G_S(0))`
    /// from `logGeneratingFunction(targets:)`, each distinct S solved once.
    ///
    /// Complexity: the moment pass (see `momentTrajectory()`), the empty
    /// probabilities (see `logGeneratingFunction(targets:)`), and
    /// O(Σ_series |S|²) per output time for the standard deviations.
    ///
    /// With `presence: false` the empty probabilities are not solved for
    /// (most of the cost with division) and `pPresent` is nil.
    ///
    /// `threads` (default 1): the moment pass of each part and the
    /// generating-function solves (the forward pass, each dividing part's
    /// backward solve) are independent jobs, run on up to that many threads
    /// (`runPasses`); each job computes exactly what it computes alone, so
    /// the result is the same bits for any thread count. The covariance is
    /// kept part by part (block diagonal) and never assembled into n×n
    /// matrices: a series' variance sums the entries of its compartments
    /// within each part, in the order the full matrix would.
    ///
    /// - Throws: `EngineError.invalidModel` when the model is inconsistent or a
    ///   series names a compartment the network does not have (or one twice);
    ///   `.diverges` when the expected population passes `RunBounds.population`
    ///   (`PopulationCheck`); `.tooLarge` when the covariance would need more
    ///   than `RunBounds.momentBytes`.
    public func run(layout: SeriesLayout, presence: Bool = true, threads: Int = 1) throws(EngineError) -> RunResult {
        BLASThreading.pinForReproducibility()
        precondition(threads >= 1, "a run needs a thread")
        var problems = model.invariantViolations()
        let n = model.count
        for entry in layout.entries {
            let name = [entry.label.host, entry.label.origin.text, entry.label.cellType.text, entry.label.compartment.text]
                .filter { !$0.isEmpty }.joined(separator: "/")
            if let bad = entry.compartments.first(where: { !(0..<n).contains($0) }) {
                problems.append("series '\(name)' sums compartment #\(bad), but the network has \(n) compartments (indices 0..<\(n))")
            } else if zip(entry.compartments, entry.compartments.dropFirst()).contains(where: { $0 == $1 }) {
                problems.append("series '\(name)' lists a compartment twice (\(entry.compartments))")
            }
        }
        guard problems.isEmpty else { throw .invalidModel(problems) }
        _ = try PopulationCheck(model: model)
        let parts = NetworkParts(schedule: schedule, count: n)
        try RunBounds.checkMoments(model, largestPart: parts.members.map(\.count).max() ?? n)
        let plan = presence ? try generatingPlan(targets: layout.entries.map { GeneratingTarget.empty($0.compartments) }, method: nil) : nil
        let passes = try runPasses(parts: parts, plan: plan, threads: threads)
        let moments = passes.moments
        let logEmpty = plan.map { $0.combine(passes.generating, times: model.outputTimes.count) }
        let series = layout.entries.enumerated().map { e, entry in
            let set = entry.compartments
            return TimeSeries(label: entry.label, points: model.outputTimes.indices.map { k in
                PointStatistics(mean: moments.mean(of: set, output: k), sd: max(moments.variance(of: set, output: k), 0).squareRoot(),
                                pPresent: logEmpty.map { -expm1($0[k][e]) })
            })
        }
        return RunResult(times: model.outputTimes, series: series, method: .moments)
    }

    /// `m(τ)` for every output time τ, right-continuous at boluses and edges.
    public func meanTrajectory() throws(EngineError) -> [[Double]] {
        BLASThreading.pinForReproducibility()
        var m = model.compartments.map { Double($0.initial) }
        var cache = MomentStepCache(schedule: schedule)
        var out: [[Double]] = []
        out.reserveCapacity(model.outputTimes.count)
        for action in MomentWalk(stops: StopSchedule(model: model)).actions {
            switch action {
            case .bolus(let g):
                for add in schedule.bolusGroups[g].additions { m[add.compartment] += Double(add.cells) }
            case .output:
                out.append(m)
            case .step(let key):
                let step = try cache.meanStep(key)
                m = step.phi.multiplied(by: m, adding: step.g)
            }
        }
        return out
    }
}

/// Cache key of a mean step: the epoch and the exact step length.
struct StepKey: Hashable {
    let epoch: Int
    let length: Double
}
