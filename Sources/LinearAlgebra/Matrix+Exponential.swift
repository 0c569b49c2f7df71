import Foundation

/// The matrix exponential by scaling and squaring with Padé approximants.
extension Matrix {
    /// `e^A = Σ_k A^k / k!`, by the scaling-and-squaring algorithm of
    /// Higham (2005), *SIAM J. Matrix Anal. Appl.* 26(4):1179–1193.
    ///
    /// With `‖A‖₁ ≤ θ_m` for m ∈ {3, 5, 7, 9} the diagonal Padé approximant
    /// `r_m(A) = q_m(A)⁻¹ p_m(A)` is used directly; otherwise `A` is scaled by
    /// `2⁻ˢ` with `s = ⌈log₂(‖A‖₁/θ₁₃)⌉`, `r₁₃` is evaluated and squared `s`
    /// times. The θ_m bound the backward error by the unit roundoff u
    /// (Higham's Table 2.3).
    ///
    /// Stiff generators (a 16-minute half-life beside a 30-year one) need many
    /// squarings, and squaring `R` directly amplifies the relative error of
    /// slow modes, whose entries sit near 1, by about `2ˢ`. This
    /// implementation therefore carries `E = R − I` throughout:
    /// `E₀ = (V − U)⁻¹·2U` from the Padé step, then `E ← 2E + E²` per
    /// squaring, and returns `I + E`, which keeps slow modes accurate to a few
    /// units of roundoff whatever `s` is. The price: an entry that decays far
    /// below the largest (`e^-40` on a diagonal) carries an absolute error of
    /// a few ulps of the largest entry instead of a relative one, which is
    /// what probabilities need.
    ///
    /// The products run in BLAS `dgemm`, the rational step is one LAPACK
    /// `dgesv_` solve. Complexity: at most 6 + s matrix products and one LU
    /// solve, O((6 + s)·n³).
    ///
    /// - Throws: `LinearAlgebraError.nonFinite` for NaN/∞ input; `.singular` if
    ///   the Padé denominator is singular (not possible for ‖A‖ within θ, kept
    ///   for robustness).
    public func exponential() throws(LinearAlgebraError) -> Matrix {
        var e = try exponentialMinusIdentity()
        for i in 0..<rows { e[i, i] += 1 }
        return e
    }

    /// `e^A − I`, computed without forming `e^A` first (see `exponential()`),
    /// accurate to relative precision in entries that are small because `A` is.
    ///
    /// Complexity: as `exponential()`; BLAS `dgemm` and LAPACK `dgesv_`.
    public func exponentialMinusIdentity() throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare, "the exponential needs a square matrix, got \(rows)×\(cols)")
        guard isFinite else { throw .nonFinite(operation: "exponential") }
        let n = rows
        if n == 0 { return self }
        let norm = oneNorm
        if norm == 0 { return Matrix(rows: n, cols: n) }
        guard norm.isFinite else { throw .nonFinite(operation: "exponential (the matrix norm overflows)") }

        let a2 = self * self
        if norm <= PadeTable.theta3 { return try PadeTable.rational(degree: 3, a: self, a2: a2) }
        if norm <= PadeTable.theta5 { return try PadeTable.rational(degree: 5, a: self, a2: a2) }
        if norm <= PadeTable.theta7 { return try PadeTable.rational(degree: 7, a: self, a2: a2) }
        if norm <= PadeTable.theta9 { return try PadeTable.rational(degree: 9, a: self, a2: a2) }

        let s = Swift.max(0, Int(ceil(log2(norm / PadeTable.theta13))))
        let scale = Foundation.pow(2.0, Double(-s)) // exact power of two: no rounding
        let scaled = s == 0 ? self : self.scaled(by: scale)
        let scaled2 = s == 0 ? a2 : a2.scaled(by: scale * scale)
        var e = try PadeTable.rational13(a: scaled, a2: scaled2)
        for _ in 0..<s { e = (e * e).linearCombination(1, 2, e) } // (I+E)² − I = 2E + E²
        return e
    }

    /// `e^{A·t}` for a scalar `t` (see `exponential()`).
    public func exponential(times t: Double) throws(LinearAlgebraError) -> Matrix {
        try scaled(by: t).exponential()
    }
}

/// Coefficients and evaluation of the diagonal Padé approximants of `e^x`.
///
/// `b_j` are the coefficients of `p_m(x) = Σ_j b_j x^j` (with `q_m(x) = p_m(−x)`),
/// scaled to integers as in Higham (2005), eq. (2.11).
enum PadeTable {
    static let theta3 = 1.495585217958292e-2
    static let theta5 = 2.539398330063230e-1
    static let theta7 = 9.504178996162932e-1
    static let theta9 = 2.097847961257068e0
    static let theta13 = 5.371920351148152e0

    static let b3: [Double] = [120, 60, 12, 1]
    static let b5: [Double] = [30240, 15120, 3360, 420, 30, 1]
    static let b7: [Double] = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1]
    static let b9: [Double] = [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1]
    static let b13: [Double] = [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
        129060195264000, 10559470521600, 670442572800, 33522128640,
        1323241920, 40840800, 960960, 16380, 182, 1,
    ]

    /// `r_m(A) − I` for m ∈ {3, 5, 7, 9}: `U = A·Σ_k b_{2k+1} A^{2k}`, `V = Σ_k b_{2k} A^{2k}`.
    static func rational(degree m: Int, a: Matrix, a2: Matrix) throws(LinearAlgebraError) -> Matrix {
        let b: [Double]
        switch m {
        case 3: b = b3
        case 5: b = b5
        case 7: b = b7
        default: b = b9
        }
        let n = a.rows
        // Even powers I, A², A⁴, ... up to A^(m-1).
        var powers = [Matrix.identity(n), a2]
        while powers.count < (m + 1) / 2 { powers.append(powers[powers.count - 1] * a2) }
        var uInner = Matrix(rows: n, cols: n)
        var v = Matrix(rows: n, cols: n)
        for (k, p) in powers.enumerated() {
            uInner = uInner.linearCombination(1, b[2 * k + 1], p)
            v = v.linearCombination(1, b[2 * k], p)
        }
        return try combine(u: a * uInner, v: v)
    }

    /// `r₁₃(A) − I` with Higham's evaluation scheme (six products in all).
    static func rational13(a: Matrix, a2: Matrix) throws(LinearAlgebraError) -> Matrix {
        let b = b13
        let n = a.rows
        let id = Matrix.identity(n)
        let a4 = a2 * a2
        let a6 = a4 * a2
        let uHigh = a6.scaled(by: b[13]).linearCombination(1, b[11], a4).linearCombination(1, b[9], a2)
        var uInner = a6 * uHigh
        uInner = uInner.linearCombination(1, b[7], a6).linearCombination(1, b[5], a4)
            .linearCombination(1, b[3], a2).linearCombination(1, b[1], id)
        let u = a * uInner
        let vHigh = a6.scaled(by: b[12]).linearCombination(1, b[10], a4).linearCombination(1, b[8], a2)
        var v = a6 * vHigh
        v = v.linearCombination(1, b[6], a6).linearCombination(1, b[4], a4)
            .linearCombination(1, b[2], a2).linearCombination(1, b[0], id)
        return try combine(u: u, v: v)
    }

    /// `r_m − I = (V − U)⁻¹ (V + U) − I = (V − U)⁻¹·2U`, by one LU solve (LAPACK `dgesv_`).
    static func combine(u: Matrix, v: Matrix) throws(LinearAlgebraError) -> Matrix {
        try (v - u).solve(u.scaled(by: 2))
    }
}
