import Foundation
import LinearAlgebra

/// The φ-functions of a square matrix, `φ_k(X) = Σ_{m≥0} X^m/(m+k)!`
/// (so `φ₀ = e^X`, `φ₁ = (e^X − I)/X`, …), for k = 0…K.
///
/// **Method: scaling and modified squaring** (Skaflestad & Wright 2009,
/// *Appl. Numer. Math.* 59:783). With `Y = X/2ˢ`, `‖Y‖₁ ≤ 1/4`, the Taylor
/// series is summed from shared powers of Y until terms fall below 1e-18 of
/// the leading term, then `s` times
///
///     φ_k(2Y) = 2^{−k}·(φ₀(Y)·φ_k(Y) + Σ_{j=1}^{k} φ_j(Y)/(k−j)!),
///
/// with `φ₀` carried as `E = φ₀ − I` (`E ← 2E + E²`) as in
/// `Matrix.exponential()`. For a Metzler X (non-negative off-diagonal, as the
/// transposed generator `Aᵀ` is) every `φ_k`, k ≥ 1, is entrywise
/// non-negative, so the doubling adds non-negative terms and loses no accuracy
/// however stiff X is.
///
/// Complexity: O((m + s)·n³·(K+1)) flops with m ≤ 20 Taylor terms; each
/// doubling is one BLAS `dgemm` of n×n by n×n(K+1) (through
/// `Matrix.multiplied(by:)`), independent of any block structure — far cheaper
/// than the exponential of the n(K+1)-size augmented matrix.
enum PhiFunctions {
    /// `[φ₀ − I, φ₁, …, φ_K]` of `x`.
    static func evaluate(_ x: Matrix, upTo k: Int) throws(LinearAlgebraError) -> [Matrix] {
        precondition(x.isSquare && k >= 1, "φ-functions need a square matrix and K ≥ 1")
        guard x.isFinite else { throw .nonFinite(operation: "φ-functions") }
        let n = x.rows
        let norm = x.oneNorm
        let s = norm > 0.25 ? Int(ceil(log2(norm / 0.25))) : 0
        let y = x.scaled(by: scalbn(1.0, -s))
        let theta = y.oneNorm
        var factorial = [1.0]
        for m in 1...(k + 40) { factorial.append(factorial[m - 1] * Double(m)) }

        // Powers Y^1 … Y^mMax, with θ^m/m! below 1e-18.
        var mMax = 1
        while mMax < 20 && pow(theta, Double(mMax + 1)) / factorial[mMax + 1] > 1e-18 { mMax += 1 }
        var powers = [y]
        while powers.count < mMax { powers.append(y.multiplied(by: powers[powers.count - 1])) }

        let size = n * n
        var phi = [[Double]](repeating: [Double](repeating: 0, count: size), count: k + 1)
        for (index, power) in powers.enumerated() {
            let m = index + 1
            let p = power.storage
            for j in 0...k {
                let c = 1 / factorial[m + j]
                for e in 0..<size { phi[j][e] += c * p[e] }
            }
        }
        for j in 1...k {
            let c = 1 / factorial[j]
            for i in 0..<n { phi[j][i + i * n] += c }
        }
        // phi[0] holds E = φ₀ − I.
        for _ in 0..<s {
            let stacked = Matrix(rows: n, cols: n * (k + 1), columnMajor: phi.flatMap { $0 })
            let products = Matrix(rows: n, cols: n, columnMajor: phi[0]).multiplied(by: stacked).storage
            var next = phi
            for e in 0..<size { next[0][e] = 2 * phi[0][e] + products[e] }
            for j in 1...k {
                let scale = scalbn(1.0, -j)
                for e in 0..<size {
                    var v = phi[j][e] + products[j * size + e]
                    for i in 1...j { v += phi[i][e] / factorial[j - i] }
                    next[j][e] = scale * v
                }
            }
            phi = next
        }
        return phi.map { Matrix(rows: n, cols: n, columnMajor: $0) }
    }
}
