import RateModel

/// The noise term `D(m)` of the covariance equation during one epoch.
///
/// Each event of the jump process with rate `r(x)` and jump `ν` adds
/// `E[r(X)]·ν·νᵀ` to `dΣ/dt` (the second-moment equations of a linear
/// Markov jump process, e.g. Gardiner, *Stochastic Methods*, ch. 7), so
///
///     dΣ/dt = A·Σ + Σ·Aᵀ + D(m),
///     D(m) = Σ_i m_i·B_i + diag(u),
///     B_i  = Σ_j k_ij·(e_j − e_i)(e_j − e_i)ᵀ + (d_i + b_i)·e_i·e_iᵀ,
///
/// with `A` as in `MeanGenerator`. On the augmented mean vector `v = (m, 1)`
/// this is `D̂(v) = Σ_i v_i·B_i + v_n·diag(u)`, linear in `v`.
///
/// Complexity: `accumulate` is O(n + number of positive transfers); no BLAS.
struct CovarianceNoise: Sendable {
    let count: Int
    /// `Σ_j k_ij + d_i + b_i`: the coefficient of `e_i·e_iᵀ` in `B_i`.
    let diagonalRate: [Double]
    /// The positive transfers `i → j` with their per-cell rates.
    let transfers: [(from: Int, to: Int, rate: Double)]
    let inflow: [Double]

    init(_ rates: RateSet) {
        count = rates.count
        diagonalRate = (0..<rates.count).map { rates.exitRate($0) + rates.division[$0] }
        var list: [(from: Int, to: Int, rate: Double)] = []
        for i in 0..<rates.count {
            for j in 0..<rates.count where j != i && rates.transfer(from: i, to: j) > 0 {
                list.append((i, j, rates.transfer(from: i, to: j)))
            }
        }
        transfers = list
        inflow = rates.inflow
    }

    /// `block += scale·D̂(v)` for `v` of length n+1 (or n, meaning `v_n = 0`) and
    /// an n×n column-major block.
    func accumulate(_ v: UnsafePointer<Double>, count length: Int, scale: Double, into block: UnsafeMutablePointer<Double>) {
        let n = count
        for i in 0..<n where v[i] != 0 {
            block[i + i * n] += scale * v[i] * diagonalRate[i]
        }
        for t in transfers where v[t.from] != 0 {
            let w = scale * v[t.from] * t.rate
            block[t.to + t.to * n] += w
            block[t.from + t.to * n] -= w
            block[t.to + t.from * n] -= w
        }
        let immigration = length > n ? scale * v[n] : 0
        if immigration != 0 {
            for i in 0..<n { block[i + i * n] += immigration * inflow[i] }
        }
    }
}
