import LinearAlgebra
import RateModel

/// The probability that a compartment, or the whole network, is empty.
extension MomentsEngine {
    /// Target accuracy of the backward extinction equation when cells divide:
    /// the sum of local errors on every `p_i = 1 − q_i` stays below this, so
    /// `q` is accurate to better than 1e-9 absolute.
    public static let extinctionTolerance = 1e-10

    /// How the empty probabilities and generating functions are computed.
    enum ExtinctionMethod {
        /// Forward cohorts with the cached moment steps: exact, division-free models only.
        case cohorts
        /// The backward Riccati equation per part and block (any model).
        case backward
    }

    /// `P(X_i(T) = 0)` for every compartment and `P(X(T) = 0)` at every output time T.
    ///
    /// The generating function at s = 0 (`logGeneratingFunction(targets:)`,
    /// which states the equations) for the targets {0}, {1}, …, {n−1} and
    /// {0, …, n−1}. Cells act independently (a multi-type branching process
    /// with immigration), so for a target set S
    ///
    ///     P(X_S(T) = 0) = Π_i q_i(0)^{X_i(0)} · Π_boluses q_j(τ_b)^{cells}
    ///                     · exp(−∫₀ᵀ Σ_i u_i(τ)·(1 − q_i(τ)) dτ),
    ///
    /// where `q_i(τ)` (one cell in i at τ has no descendant in S at T) solves
    /// `−dq_i/dτ = Σ_j k_ij(q_j − q_i) + d_i(1 − q_i) + b_i(q_i² − q_i)`,
    /// `q_i(T) = 0` for i ∈ S and 1 otherwise.
    ///
    /// Without division the equation is linear and the result exact
    /// (`CohortExtinction`, O(S·n²·C)). With division it is a Riccati system,
    /// integrated by exponential collocation with the linear part exact, to
    /// `extinctionTolerance` (`BackwardExtinction`, linear in the number of
    /// output times), on each independent part of the network separately.
    public func emptyProbabilities() throws(EngineError) -> EmptyProbabilities {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        var cache = MomentStepCache(schedule: schedule)
        return try emptyProbabilities(walk: MomentWalk(stops: StopSchedule(model: model)), cache: &cache)
    }

    /// The empty probabilities with a given (or the natural) method, sharing `cache`.
    func emptyProbabilities(walk: MomentWalk, cache: inout MomentStepCache, method: ExtinctionMethod? = nil) throws(EngineError) -> EmptyProbabilities {
        let n = model.count
        let targets = (0..<n).map { GeneratingTarget.empty([$0]) } + [GeneratingTarget.empty(Array(0..<n))]
        let logs = try logGeneratingFunction(targets: targets, walk: walk, cache: &cache, method: method)
        return EmptyProbabilities(times: model.outputTimes, logCompartments: logs.map { Array($0[0..<n]) }, logTotal: logs.map { $0[n] })
    }
}
