import Foundation
import LinearAlgebra
import RateModel

/// Exact `ln G_S(s; T) = ln E[s^{X_S(T)}]` for many targets (S, s) in one
/// forward pass, for compartments where no cell divides.
///
/// Without division every cell moves (and leaves) independently of every
/// other, so the backward equation is linear and `1 − q_i(τ)` is `(1 − s)`
/// times the probability of ending in S, `(Φ(τ→T)ᵀ·1_S)_i`. Rather than
/// solving backwards from each T, the pass runs forwards: each cohort of
/// deterministic cells (the initial cells of a compartment, or one bolus
/// addition) keeps the vector `r_c(t) = Φ(τ_c→t)·e_{j_c}` of where one of its
/// cells is, and inflowing cells form independent Poisson counts with mean
/// `λ(t)` (`λ ← Φ·λ + g`, the mean of the inflow part). A cell in S with
/// probability p contributes the factor `1 − p·(1 − s)` and a Poisson count of
/// mean λ the factor `e^{−(1−s)·λ}`, so
///
///     ln G_S(s; T) = Σ_c n_c·ln(1 − (1 − s)·Σ_{i∈S} r_{c,i}(T)) − (1 − s)·Σ_{i∈S} λ_i(T),
///
/// and with forced-empty compartments E (`GeneratingTarget.empty`) each
/// `(1 − s)·Σ_{i∈S}` becomes `(1 − s)·Σ_{i∈S} + Σ_{i∈E}`.
/// exactly (the only error is the rounding of the cached mean-step
/// exponentials, `MomentStepCache.meanStep`: O(n³) each, the covariance is
/// never formed). At s = 0, `ln P(X_S(T) = 0)`.
///
/// Only cohorts of the parts (`NetworkParts`) a target touches enter it, and
/// only cohorts of parts some target touches are carried; those parts must
/// not divide (`Φ` then holds transition probabilities there; parts never
/// exchange cells, so dividing parts elsewhere do not matter).
///
/// Complexity: one BLAS `dgemm` (n×n by n×C) and one `dgemv` per stop for C
/// cohorts, then O(|S|·(C + 1)) per target and output: O(S·n²·C +
/// T·Σ_targets |S|·(C + 1)) for S stops and T outputs, linear in the number
/// of output times and of targets.
enum CohortExtinction {
    /// `ln G` per output time (rows) and target (columns, in `targets` order).
    static func logGenerating(model: NetworkModel, schedule: EpochSchedule, walk: MomentWalk, cache: inout MomentStepCache,
                              targets: [GeneratingTarget], parts: NetworkParts) throws(EngineError) -> [[Double]] {
        try forward(model: model, schedule: schedule, walk: walk, cache: &cache, targets: targets, parts: parts) { weight, inflowMean, inside in
            var value = -(weight * inflowMean.summed + inflowMean.empty)
            for (cells, p) in inside where p.summed != 0 || p.empty != 0 {
                value += cells * BackwardExtinction.logAbsent(min(weight * min(max(p.summed, 0), 1) + max(p.empty, 0), 1))
            }
            return value
        }
    }

    /// The truncated series of `G_S(1 − w + w·z)` in z (w = 1 − s), per output time and target.
    ///
    /// A cell in S with probability π is seen with probability `wπ`: the factor
    /// `(1 − wπ + wπ·z)^{n_c}` per cohort, a binomial; the Poisson count of mean λ
    /// gives `e^{−wλ(1 − z)}`. Their product (`ThinnedSeries`) is the convolution
    /// of binomials and a Poisson, exact; O(order²·log n_c) per cohort on top of
    /// `logGenerating`.
    static func generatingSeries(model: NetworkModel, schedule: EpochSchedule, walk: MomentWalk, cache: inout MomentStepCache,
                                    targets: [GeneratingTarget], parts: NetworkParts, order: Int) throws(EngineError) -> [[ThinnedSeries]] {
        precondition(targets.allSatisfy(\.empty.isEmpty), "the series of a thinned count holds no compartment forced empty")
        return try forward(model: model, schedule: schedule, walk: walk, cache: &cache, targets: targets, parts: parts) { weight, inflowMean, inside in
            var series = ThinnedSeries(order: order)
            series.exponent[0] = -(weight * inflowMean.summed)
            if order > 1 { series.exponent[1] = weight * inflowMean.summed }
            var jet = [Double](repeating: 0, count: order)
            for (cells, p) in inside where p.summed != 0 {
                let seen = weight * min(max(p.summed, 0), 1)
                jet[0] = seen
                if order > 1 { jet[1] = -seen }
                series.multiply(oneMinus: jet, cells: Int(cells))
            }
            return series
        }
    }

    /// The sums over S and over E (forced empty) of one vector.
    typealias SetSums = (summed: Double, empty: Double)

    /// The forward pass: at each output, `evaluate(w, (Σ_{i∈S} λ_i, Σ_{i∈E} λ_i), [(n_c, (Σ_{i∈S} r_{c,i}, Σ_{i∈E} r_{c,i}))])`
    /// per target, with the cohorts of the parts it touches.
    private static func forward<Value>(model: NetworkModel, schedule: EpochSchedule, walk: MomentWalk, cache: inout MomentStepCache,
                                       targets: [GeneratingTarget], parts: NetworkParts,
                                       evaluate: (_ weight: Double, _ inflowMean: SetSums, _ inside: [(Double, SetSums)]) -> Value)
        throws(EngineError) -> [[Value]] {
        let n = model.count
        let touched = targets.map { Set($0.touched.map { parts.label[$0] }) }
        let carried = touched.reduce(into: Set<Int>()) { $0.formUnion($1) }
        var cohorts: [(compartment: Int, cells: Double)] = []
        var initialColumns: [Int] = []
        for (i, c) in model.compartments.enumerated() where c.initial > 0 && carried.contains(parts.label[i]) {
            initialColumns.append(cohorts.count)
            cohorts.append((i, Double(c.initial)))
        }
        var bolusColumns: [[Int]] = []
        for group in schedule.bolusGroups {
            bolusColumns.append(group.additions.compactMap { add in
                guard carried.contains(parts.label[add.compartment]) else { return nil }
                cohorts.append((add.compartment, Double(add.cells)))
                return cohorts.count - 1
            })
        }
        let members = touched.map { set in cohorts.indices.filter { set.contains(parts.label[cohorts[$0].compartment]) } }
        var location = [Double](repeating: 0, count: n * cohorts.count)
        for c in initialColumns { location[cohorts[c].compartment + c * n] = 1 }
        var lambda = [Double](repeating: 0, count: n)
        var out: [[Value]] = []
        out.reserveCapacity(model.outputTimes.count)
        for action in walk.actions {
            switch action {
            case .step(let key):
                let step = try cache.meanStep(key)
                if !cohorts.isEmpty {
                    location = step.phi.multiplied(by: Matrix(rows: n, cols: cohorts.count, columnMajor: location)).storage
                }
                lambda = step.phi.multiplied(by: lambda, adding: step.g)
            case .bolus(let g):
                for c in bolusColumns[g] { location[cohorts[c].compartment + c * n] = 1 }
            case .output:
                var row: [Value] = []
                row.reserveCapacity(targets.count)
                for (t, target) in targets.enumerated() {
                    let (set, empty) = (target.compartments, target.empty)
                    var inflowMean: SetSums = (0, 0)
                    for i in set { inflowMean.summed += lambda[i] }
                    for i in empty { inflowMean.empty += lambda[i] }
                    let inside = members[t].map { c in
                        var inside: SetSums = (0, 0)
                        for i in set { inside.summed += location[i + c * n] }
                        for i in empty { inside.empty += location[i + c * n] }
                        return (cohorts[c].cells, inside)
                    }
                    row.append(evaluate(1 - target.argument, inflowMean, inside))
                }
                out.append(row)
            }
        }
        return out
    }
}
