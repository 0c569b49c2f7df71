import Engines
import Foundation
import LinearAlgebra
import RateModel

/// The precomputed transition law of one leap of length `h` within one epoch.
///
/// - `routes[i]`: for a cell now in compartment i, the probabilities of being,
///   after `h`, in each other compartment or gone (`routeTargets[i]`, with
///   `EventTable.loss` for out); the stay probability is implicit. These are
///   the columns of `P = e^{Q h}` for the per-cell generator Q without
///   division (an (n+1)-state chain with `out` absorbing).
/// - `immigrants[j]`: the expected number of inflow cells present in j at the
///   end of the leap, `g = ∫₀ʰ e^{Q s} ds · u`.
/// - `halfBirthOdds[i]`: `e^{b_i h/2} − 1 = (1 − p)/p` for `p = e^{−b_i h/2}`,
///   the parameter of the exact Yule (pure-birth) law over half a leap; 0
///   where compartment i does not divide (computed with `expm1`, no cancellation);
///   `fullBirthOdds[i] = e^{b_i h} − 1` for the merged births between two leaps.
///
/// `P` and `g` come from one exponential of the augmented generator
/// `[[Q, u], [0, 0]]·h` (Van Loan 1978), computed as `e^{·} − I` so that small
/// move probabilities keep full relative accuracy (BLAS `dgemm`, LAPACK `dgesv_`).
struct LeapStep: Sendable {
    let routes: [[Double]]
    let routeTargets: [[Int]]
    /// Running sums of `routes[i]`, for drawing a single cell's fate with one uniform.
    let routeCumulative: [[Double]]
    let immigrants: [Double]
    let halfBirthOdds: [Double]
    let fullBirthOdds: [Double]
    /// `log(1 − e^{−b_i τ})` for τ = h/2 and τ = h: the log-probability that a
    /// cell gains one more descendant in the Yule geometric law (−∞ without division).
    let halfBirthLogFailure: [Double]
    let fullBirthLogFailure: [Double]
    let hasDivision: Bool
    let hasInflow: Bool
    /// Random draws of one leap, about: one per route, one per dividing
    /// compartment and one per immigrant mean (the unit `CellwiseCost` is compared with).
    let draws: Int

    init(rates: RateSet, length h: Double) throws(LinearAlgebraError) {
        let n = rates.count
        // States 0..<n compartments, n = out, n+1 = the inflow source (augmentation).
        var q = Matrix(rows: n + 2, cols: n + 2)
        for i in 0..<n {
            for j in 0..<n where j != i { q[j, i] = rates.transfer(from: i, to: j) * h }
            q[n, i] = rates.loss[i] * h
            q[i, i] = -rates.exitRate(i) * h
            q[i, n + 1] = rates.inflow[i] * h
        }
        let moves = try q.exponentialMinusIdentity()
        var routes: [[Double]] = []
        var routeTargets: [[Int]] = []
        for i in 0..<n {
            var r: [Double] = []
            var t: [Int] = []
            for j in 0..<n where j != i {
                let p = max(0, moves[j, i])
                if p > 0 { r.append(p); t.append(j) }
            }
            let out = max(0, moves[n, i])
            if out > 0 { r.append(out); t.append(EventTable.loss) }
            let sum = r.reduce(0, +)
            if sum > 1 { r = r.map { $0 / sum } } // rounding guard: a cell leaves at most once
            routes.append(r)
            routeTargets.append(t)
        }
        self.routes = routes
        self.routeTargets = routeTargets
        routeCumulative = routes.map { r in
            var running = 0.0
            return r.map { running += $0; return running }
        }
        immigrants = (0..<n).map { max(0, moves[$0, n + 1]) }
        hasInflow = immigrants.contains { $0 > 0 }
        halfBirthOdds = rates.division.map { expm1($0 * h / 2) }
        fullBirthOdds = rates.division.map { expm1($0 * h) }
        halfBirthLogFailure = rates.division.map { log(-expm1(-$0 * h / 2)) }
        fullBirthLogFailure = rates.division.map { log(-expm1(-$0 * h)) }
        hasDivision = rates.division.contains { $0 > 0 }
        draws = routes.reduce(0) { $0 + $1.count } + rates.division.filter { $0 > 0 }.count
            + immigrants.filter { $0 > 0 }.count
    }
}

