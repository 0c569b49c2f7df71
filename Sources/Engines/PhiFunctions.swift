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
        guard x.isFinite, x.oneNorm.isFinite else { throw .nonFinite(operation: "φ-functions") }
        let s = doublings(norm: x.oneNorm)
        var phi = taylor(x.scaled(by: scalbn(1.0, -s)), upTo: k)
        for _ in 0..<s { phi = doubled(phi, size: x.rows) }
        return phi.map { Matrix(rows: x.rows, cols: x.rows, columnMajor: $0) }
    }

    /// The number s of doublings `evaluate` uses for a matrix of 1-norm `norm`:
    /// the least s ≥ 0 with `norm/2ˢ ≤ 1/4`.
    static func doublings(norm: Double) -> Int {
        norm > 0.25 ? Int(ceil(log2(norm / 0.25))) : 0
    }

    /// `[φ₀ − I, φ₁, …, φ_K]` of a matrix y with `‖y‖₁ ≤ 1/4` (column-major
    /// storage), from the Taylor series: O(m·n³ + m·K·n²) for m ≤ 20 terms.
    static func taylor(_ y: Matrix, upTo k: Int) -> [[Double]] {
        let n = y.rows
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
        return phi
    }

    /// One doubling: `[φ₀ − I, φ₁, …, φ_K]` of 2Y from those of Y (n×n each),
    ///
    ///     E(2Y) = 2E + E²,   φ_k(2Y) = 2^{−k}·(φ₀(Y)·φ_k(Y) + Σ_{j=1}^{k} φ_j(Y)/(k−j)!).
    ///
    /// Complexity: one `dgemm` of n×n by n×n(K+1) and O(K²n²).
    static func doubled(_ phi: [[Double]], size n: Int) -> [[Double]] {
        let k = phi.count - 1
        let size = n * n
        var factorial = [1.0]
        for m in 1...max(k, 1) { factorial.append(factorial[m - 1] * Double(m)) }
        let stacked = Matrix(rows: n, cols: n * (k + 1), columnMajor: phi.flatMap { $0 })
        let products = Matrix(rows: n, cols: n, columnMajor: phi[0]).multiplied(by: stacked).storage
        var next = [[Double]](repeating: [], count: k + 1)
        next[0] = (0..<size).map { e in 2 * phi[0][e] + products[e] }
        stacked.storage.withUnsafeBufferPointer { old in
            products.withUnsafeBufferPointer { pr in
                for j in 1...k {
                    let scale = scalbn(1.0, -j)
                    next[j] = [Double](unsafeUninitializedCapacity: size) { out, count in
                        for e in 0..<size {
                            var v = old[j * size + e] + pr[j * size + e]
                            for i in 1...j { v += old[i * size + e] / factorial[j - i] }
                            out[e] = scale * v
                        }
                        count = size
                    }
                }
            }
        }
        return next
    }
}
