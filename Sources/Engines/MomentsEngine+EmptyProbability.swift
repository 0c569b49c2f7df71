import RateModel

/// The probability that a compartment, or the whole network, is empty.
extension MomentsEngine {
    /// Target accuracy of the backward extinction equation when cells divide:
    /// the sum of local errors on every `p_i = 1 − q_i` stays below this, so
    /// `q` is accurate to better than 1e-9 absolute.
    public static let extinctionTolerance = 1e-10

    /// How the empty probabilities are computed.
    enum ExtinctionMethod {
        /// Forward cohorts with the cached moment steps: exact, division-free models only.
        case cohorts
        /// The backward Riccati equation per block (any model).
        case backward
    }

    /// `P(X_i(T) = 0)` for every compartment and `P(X(T) = 0)` at every output time T.
    ///
    /// Cells act independently (a multi-type branching process with
    /// immigration), so for a target set S
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
    /// output times).
    public func emptyProbabilities() throws(EngineError) -> EmptyProbabilities {
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        var cache = MomentStepCache(schedule: schedule)
        return try emptyProbabilities(walk: MomentWalk(stops: StopSchedule(model: model)), cache: &cache)
    }

    /// The empty probabilities with a given (or the natural) method, sharing `cache`.
    func emptyProbabilities(walk: MomentWalk, cache: inout MomentStepCache, method: ExtinctionMethod? = nil) throws(EngineError) -> EmptyProbabilities {
        switch method ?? (model.hasDivision ? .backward : .cohorts) {
        case .cohorts:
            precondition(!model.hasDivision, "the cohort method is exact only without division")
            return try CohortExtinction.logEmpty(model: model, schedule: schedule, walk: walk, cache: &cache)
        case .backward:
            return try BackwardExtinction.logEmpty(model: model, schedule: schedule, tolerance: Self.extinctionTolerance)
        }
    }
}
