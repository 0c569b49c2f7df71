import Foundation
import LinearAlgebra
import RateModel

/// Exact `ln P(X_i(T) = 0)` and `ln P(X(T) = 0)` when no cell divides.
///
/// Without division every cell moves (and leaves) independently of every
/// other, so the backward equation is linear and `1 − q_i(τ)` is the
/// probability of ending in the target set, `(Φ(τ→T)ᵀ·1_S)_i`. Rather than
/// solving backwards from each T, the pass runs forwards: each cohort of
/// deterministic cells (the initial cells of a compartment, or one bolus
/// addition) keeps the vector `r_c(t) = Φ(τ_c→t)·e_{j_c}` of where one of its
/// cells is, and inflowing cells form independent Poisson counts with mean
/// `λ(t)` (`λ ← Φ·λ + g`, the mean of the inflow part). Then
///
///     ln P(X_i(T) = 0) = Σ_c n_c·ln(1 − r_{c,i}(T)) − λ_i(T),
///     ln P(X(T) = 0)   = Σ_c n_c·ln(1 − Σ_i r_{c,i}(T)) − Σ_i λ_i(T),
///
/// exactly (the only error is the rounding of the cached `MomentStep`
/// exponentials). Complexity: O(S·n²·C) for S stops and C cohorts, one BLAS
/// `dgemm` (n×n by n×C) and one `dgemv` per stop: linear in the number of
/// output times.
enum CohortExtinction {
    static func logEmpty(model: NetworkModel, schedule: EpochSchedule, walk: MomentWalk,
                         cache: inout MomentStepCache) throws(EngineError) -> EmptyProbabilities {
        let n = model.count
        var cohorts: [(compartment: Int, cells: Double)] = []
        var initialColumns: [Int] = []
        for (i, c) in model.compartments.enumerated() where c.initial > 0 {
            initialColumns.append(cohorts.count)
            cohorts.append((i, Double(c.initial)))
        }
        var bolusColumns: [[Int]] = []
        for group in schedule.bolusGroups {
            bolusColumns.append(group.additions.map { add in
                cohorts.append((add.compartment, Double(add.cells)))
                return cohorts.count - 1
            })
        }
        var location = [Double](repeating: 0, count: n * cohorts.count)
        for c in initialColumns { location[cohorts[c].compartment + c * n] = 1 }
        var lambda = [Double](repeating: 0, count: n)
        var logCompartments: [[Double]] = []
        var logTotal: [Double] = []
        for action in walk.actions {
            switch action {
            case .step(let key):
                let step = try cache.step(key)
                if !cohorts.isEmpty {
                    location = step.phi.multiplied(by: Matrix(rows: n, cols: cohorts.count, columnMajor: location)).storage
                }
                lambda = step.phi.multiplied(by: lambda, adding: step.g)
            case .bolus(let g):
                for c in bolusColumns[g] { location[cohorts[c].compartment + c * n] = 1 }
            case .output:
                var row = lambda.map { -$0 }
                var total = -lambda.reduce(0, +)
                for (c, cohort) in cohorts.enumerated() {
                    var inside = 0.0
                    for i in 0..<n {
                        let r = location[i + c * n]
                        inside += r
                        if r != 0 { row[i] += cohort.cells * BackwardExtinction.logAbsent(r) }
                    }
                    if inside != 0 { total += cohort.cells * BackwardExtinction.logAbsent(inside) }
                }
                logCompartments.append(row)
                logTotal.append(total)
            }
        }
        return EmptyProbabilities(times: model.outputTimes, logCompartments: logCompartments, logTotal: logTotal)
    }
}
