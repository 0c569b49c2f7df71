import LinearAlgebra
import RateModel

/// The exact covariance of the counts, alongside the mean.
extension MomentsEngine {
    /// Mean and covariance of `X(τ)` at every output time τ (right-continuous).
    ///
    /// Steps `(m, Σ)` exactly from stop to stop with cached `MomentStep`s:
    /// `Σ ← Φ·Σ·Φᵀ + Σ_j m_j·W_j + W_u`, `m ← Φ·m + g`; boluses add to `m` and
    /// leave `Σ` unchanged; `Σ(0) = 0` (initial counts are fixed).
    ///
    /// Complexity: O(E·(K + s)·n⁴) to build the E distinct (epoch, step length)
    /// steps (see `MomentStep`), then O(S·n³) for S stops, in BLAS `dgemm`/`dgemv`.
    public func momentTrajectory() throws(EngineError) -> MomentTrajectory {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        var cache = MomentStepCache(schedule: schedule)
        return try momentTrajectory(walk: MomentWalk(stops: StopSchedule(model: model)), cache: &cache)
    }

    /// `Cov(X(τ))` at every output time τ; see `momentTrajectory()`.
    public func covarianceTrajectory() throws(EngineError) -> [Matrix] {
        try momentTrajectory().covariances
    }

    /// The moment pass over a prepared walk, filling `cache` as it goes.
    func momentTrajectory(walk: MomentWalk, cache: inout MomentStepCache) throws(EngineError) -> MomentTrajectory {
        let n = model.count
        var m = model.compartments.map { Double($0.initial) }
        var sigma = Matrix(rows: n, cols: n)
        var work = MomentStep.Workspace(count: n)
        var means: [[Double]] = []
        var covariances: [Matrix] = []
        means.reserveCapacity(model.outputTimes.count)
        covariances.reserveCapacity(model.outputTimes.count)
        for action in walk.actions {
            switch action {
            case .step(let key):
                try cache.step(key).advance(mean: &m, covariance: &sigma, work: &work)
            case .bolus(let g):
                for add in schedule.bolusGroups[g].additions { m[add.compartment] += Double(add.cells) }
            case .output:
                var symmetric = sigma
                for j in 0..<n {
                    for i in (j + 1)..<n {
                        let v = 0.5 * (sigma[i, j] + sigma[j, i])
                        symmetric[i, j] = v
                        symmetric[j, i] = v
                    }
                }
                means.append(m)
                covariances.append(symmetric)
            }
        }
        return MomentTrajectory(times: model.outputTimes, means: means, covariances: covariances)
    }
}
