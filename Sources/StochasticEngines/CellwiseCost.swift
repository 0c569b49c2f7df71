import Foundation
import LinearAlgebra
import RateModel

/// The expected work of crossing one interval cell by cell (`CellFateStep`),
/// per cell present at its start, so that the fast engine can choose, state
/// by state, between that exact step and its leaps.
///
/// With the mean generator `A` (`A_ij` the per-cell rate i → j, `A_ii = b_i −
/// e_i` for division b and exits e) and the per-cell event rate `r = e + b`,
/// a cell starting in j has `v_j = (∫₀^Δ e^{As} ds · r)_j` expected events
/// in [0, Δ], itself and its descendants (one exponential of the augmented
/// `[[A, r], [0, 0]]·Δ`, Van Loan 1978; BLAS `dgemm`, LAPACK `dgesv_`). In a
/// cell-by-cell step a cell of i that stays or dies costs a share of a
/// binomial; one whose first event (probability `p_i = 1 − e^{−r_iΔ}`) moves
/// it to j or divides it starts one or two followed lineages, each at most
/// `1 + v_target` events. So
///
///     perCell_i = p_i · Σ_{e ≠ loss} (ρ_e/r_i) · m_e · (1 + v_{target(e)}),
///     arrivals  = Σ_j u_j·Δ·(1 + v_j)
///
/// (`m_e` = 2 for a division, else 1) bound the expected followed events of
/// the step from counts `x`: `Σ_i x_i·perCell_i + arrivals`. A population
/// that grows without bound gives +∞, and the engine leaps.
struct CellwiseCost: Sendable {
    let perCell: [Double]
    /// `arrivalsInto[j] = u_j·Δ·(1 + v_j)`; `arrivals` is their sum.
    let arrivalsInto: [Double]
    let arrivals: Double

    init(rates: RateSet, length: Double) {
        let n = rates.count
        var a = Matrix(rows: n + 1, cols: n + 1)
        var r = [Double](repeating: 0, count: n)
        for i in 0..<n {
            r[i] = rates.exitRate(i) + rates.division[i]
            for j in 0..<n where j != i { a[i, j] = rates.transfer(from: i, to: j) * length }
            a[i, i] = (rates.division[i] - rates.exitRate(i)) * length
            a[i, n] = r[i] * length
        }
        var v = [Double](repeating: .infinity, count: n)
        if let e = try? a.exponential() {
            for j in 0..<n where e[j, n].isFinite { v[j] = max(0, e[j, n]) }
        }
        var perCell = [Double](repeating: 0, count: n)
        for i in 0..<n where r[i] > 0 {
            let p = -expm1(-r[i] * length)
            var followed = 0.0
            for j in 0..<n where j != i && rates.transfer(from: i, to: j) > 0 {
                followed += rates.transfer(from: i, to: j) / r[i] * (1 + v[j])
            }
            followed += rates.division[i] / r[i] * 2 * (1 + v[i])
            perCell[i] = p * followed
        }
        self.perCell = perCell
        arrivalsInto = (0..<n).map { j in rates.inflow[j] > 0 ? rates.inflow[j] * length * (1 + v[j]) : 0 }
        arrivals = arrivalsInto.reduce(0, +)
    }

    /// Expected followed events of a cell-by-cell step from counts `x`,
    /// without the inflow into compartments j with `skippingInflow[j]`.
    func events(from x: [Int], skippingInflow: [Bool]? = nil) -> Double {
        var total = arrivals
        if let skippingInflow {
            total = 0
            for j in arrivalsInto.indices where !skippingInflow[j] { total += arrivalsInto[j] }
        }
        for i in x.indices where x[i] > 0 { total += Double(x[i]) * perCell[i] }
        return total.isNaN ? .infinity : total
    }
}
