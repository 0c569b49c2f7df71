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
/// `extinctionTolerance` with division. `run()` reports all three;
/// `docs/model.md` states the equations.
public struct MomentsEngine: Sendable {
    public let model: NetworkModel
    public let schedule: EpochSchedule

    public init(model: NetworkModel) {
        self.model = model
        schedule = EpochSchedule(model: model)
    }

    /// The mean, standard deviation and probability of presence of every
    /// compartment and of their total at each output time (no quantiles).
    ///
    /// `sd = sqrt(max(Σ_ii, 0))` from `momentTrajectory()` (for `total`,
    /// `sqrt(1ᵀΣ1)`); `pPresent = 1 − P(X_i = 0)` from `emptyProbabilities()`
    /// (for `total`, `1 − P(X = 0)`). The moment pass and the exact
    /// empty-probability pass share one cache of step matrices.
    public func run() throws(EngineError) -> RunResult {
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        let walk = MomentWalk(stops: StopSchedule(model: model))
        var cache = MomentStepCache(schedule: schedule)
        let moments = try momentTrajectory(walk: walk, cache: &cache)
        let empty = try emptyProbabilities(walk: walk, cache: &cache)
        let n = model.count
        var series = (0..<n).map { i in
            TimeSeries(label: SeriesLabel(compartment: model.compartments[i].name),
                       points: moments.means.indices.map { k in
                           PointStatistics(mean: moments.means[k][i], sd: moments.standardDeviation(time: k, compartment: i),
                                           pPresent: empty.present(time: k, compartment: i))
                       })
        }
        series.append(TimeSeries(label: SeriesLabel(compartment: SeriesLabel.totalName),
                                 points: moments.means.indices.map { k in
                                     PointStatistics(mean: moments.means[k].reduce(0, +), sd: moments.totalStandardDeviation(time: k),
                                                     pPresent: empty.totalPresent(time: k))
                                 }))
        return RunResult(times: model.outputTimes, series: series, method: .moments)
    }

    /// `m(τ)` for every output time τ, right-continuous at boluses and edges.
    public func meanTrajectory() throws(EngineError) -> [[Double]] {
        var m = model.compartments.map { Double($0.initial) }
        var cache: [StepKey: (phi: Matrix, g: [Double])] = [:]
        var out: [[Double]] = []
        out.reserveCapacity(model.outputTimes.count)
        for action in MomentWalk(stops: StopSchedule(model: model)).actions {
            switch action {
            case .bolus(let g):
                for add in schedule.bolusGroups[g].additions { m[add.compartment] += Double(add.cells) }
            case .output:
                out.append(m)
            case .step(let key):
                let step: (phi: Matrix, g: [Double])
                if let cached = cache[key] {
                    step = cached
                } else {
                    let epoch = schedule.epochs[key.epoch]
                    do {
                        step = try MeanGenerator.step(epoch.rates, over: key.length)
                    } catch {
                        throw .numerical(error, context: "in the mean step of epoch [\(epoch.start), \(epoch.end)) days")
                    }
                    cache[key] = step
                }
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
