import Foundation
import LinearAlgebra
import RateModel

/// Exact probabilities of the low values of a thinned count (limits of detection above 1).
extension MomentsEngine {
    /// `P(K = k)` for `k = 0..<maxCount` at every output time, where K is the
    /// binomial thinning of `X_S(T)` with probability `fraction` per cell:
    /// `result[output][target][k]`.
    ///
    /// **Maths.** `G_K(z) = E[z^K] = G_S(1 − f + f·z)` and `P(K = k) = [z^k] G_K`:
    /// the Taylor coefficients ("jets") of the generating function at z = 0.
    /// Every factor of `G_S` (see `logGeneratingFunction(targets:)`) is taken as a
    /// power series in z truncated after `z^{L−1}` (L the largest `maxCount`):
    /// `G_K = Π_c q_c(z)^{n_c} · exp(−∫ uᵀ·(1 − q(z)))`, multiplied out as series
    /// with non-negative coefficients (`ThinnedSeries`: no cancellation).
    /// - Without division a cell is in S with probability π (forward pass), so its
    ///   factor is `1 − fπ + fπ·z` and inflowing cells give `e^{−fλ(1 − z)}`: K is
    ///   a sum of binomials and a Poisson, and the result is exact.
    /// - With division `p(σ; z) = 1 − q` has Taylor coefficients `p^{(m)}` that obey
    ///   `dp^{(m)}/dσ = Aᵀ·p^{(m)} − b∘Σ_{j=0}^m p^{(j)}∘p^{(m−j)}`, `p^{(0)}(0) = f·1_S`,
    ///   `p^{(1)}(0) = −f·1_S`, higher ones 0: order 0 is the Riccati equation,
    ///   order m ≥ 1 linear in `p^{(m)}` with a forcing from lower orders. They are
    ///   integrated together on the same blocks and steps (`BackwardExtinction`,
    ///   `RiccatiStepper`), the step error controlled on every coefficient to
    ///   `extinctionTolerance`. Each coefficient of one cell's `q(z)` is a
    ///   probability accurate to about 1e-9 absolute, so `P(K = k)` is accurate to
    ///   about 1e-9 times the number of cells and immigrants that matter
    ///   (tests hold 1e-9 absolute against closed forms).
    ///
    /// `P(K = 0)` is `exp(logGeneratingFunction)` at `s = 1 − f`, computed by that
    /// function (the same solve, so the two agree to rounding); the higher
    /// coefficients use the ratios `[z^k] G_K / [z^0] G_K` of the jet solve. Values
    /// are clamped to [0, 1] (a rounding-negative value is 0).
    ///
    /// **Cost.** The `logGeneratingFunction` of the targets, plus, when some
    /// `maxCount` exceeds 1, the same passes with L columns per target (the
    /// backward solve's cost is linear in its columns) and O(L²) per factor:
    /// about (L + 1) times the cost of `P(K = 0)` alone with division, about
    /// twice it without.
    ///
    /// - Throws: `EngineError.invalidModel` when the model is inconsistent or a
    ///   target names a compartment the network does not have; the errors of the
    ///   backward solve (`toleranceNotMet`, `numerical`).
    ///
    /// `store`: as for `logGeneratingFunction(targets:store:)`.
    public func thinnedCountProbabilities(targets: [ThinnedCountTarget],
                                          store: CollocationStore = CollocationStore()) throws(EngineError) -> [[[Double]]] {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        try checkTargets(targets.map(\.compartments), kind: "thinned-count")
        let walk = MomentWalk(stops: StopSchedule(model: model))
        var cache = MomentStepCache(schedule: schedule)
        let zero = try logGeneratingFunction(targets: targets.map(\.generating), walk: walk, cache: &cache, store: store)
        let deep = targets.indices.filter { targets[$0].maxCount > 1 }
        let order = targets.map(\.maxCount).max() ?? 1
        let series = deep.isEmpty ? []
            : try generatingSeries(targets: deep.map { targets[$0].generating }, order: order, walk: walk, cache: &cache, store: store)
        return zero.indices.map { k in
            var row = targets.enumerated().map { t, target in [exp(zero[k][t])] + [Double](repeating: 0, count: target.maxCount - 1) }
            for (index, t) in deep.enumerated() {
                let jet = series[k][index]
                let leading = jet.shift == 0 ? zero[k][t] : nil
                row[t] = Array(jet.probabilities(leadingLog: leading).prefix(targets[t].maxCount))
            }
            return row
        }
    }

    /// The truncated series of `G_S(s + (1 − s)·z)` per output time and target, by the plan of
    /// `logGeneratingFunction` (forward pass for division-free targets and parts, backward jets
    /// per dividing part), the factors of a target summed.
    func generatingSeries(targets: [GeneratingTarget], order: Int, walk: MomentWalk,
                             cache: inout MomentStepCache, store: CollocationStore) throws(EngineError) -> [[ThinnedSeries]] {
        let plan = GeneratingPlan(targets: targets, parts: NetworkParts(schedule: schedule, count: model.count), method: nil)
        let forward = plan.cohortTargets.isEmpty ? []
            : try CohortExtinction.generatingSeries(model: model, schedule: schedule, walk: walk, cache: &cache,
                                                       targets: plan.cohortTargets, parts: plan.parts, order: order)
        var solved = [[ThinnedSeries]](repeating: [], count: plan.parts.members.count)
        for part in plan.parts.members.indices where !plan.terminals[part].isEmpty {
            solved[part] = try BackwardExtinction.generatingSeries(model: model, schedule: schedule, part: plan.parts.members[part],
                                                                      terminal: plan.terminals[part], order: order,
                                                                      tolerance: Self.extinctionTolerance, store: store)
        }
        return model.outputTimes.indices.map { k in
            plan.factors.map { factors in
                factors.reduce(into: ThinnedSeries(order: order)) { total, source in
                    switch source {
                    case .cohort(let c): total.multiply(by: forward[k][c])
                    case .backward(let part, let column): total.multiply(by: solved[part][k * plan.terminals[part].count + column])
                    }
                }
            }
        }
    }
}
