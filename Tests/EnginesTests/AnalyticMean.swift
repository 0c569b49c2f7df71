import Foundation

/// An independent closed-form mean for two compartments, used as the reference.
///
/// For `dm/dt = A·m + u` with a constant 2×2 `A` having real distinct
/// eigenvalues λ₁ ≠ λ₂, Sylvester's formula gives
/// `e^{At} = (e^{λ₁t}(A − λ₂I) − e^{λ₂t}(A − λ₁I)) / (λ₁ − λ₂)` and the solution
/// `m(t) = m* + e^{At}(m₀ − m*)` with the fixed point `m* = −A⁻¹u` (A invertible).
/// No BLAS, no matrix exponential code from the package.
struct AnalyticMean2 {
    /// Row-major `[[a11, a12], [a21, a22]]`: `a21` is the rate 0 → 1, `a12` the rate 1 → 0.
    var a: [[Double]]
    var u: [Double]

    func advance(_ m0: [Double], by t: Double) -> [Double] {
        let tr = a[0][0] + a[1][1]
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        let disc = tr * tr - 4 * det
        precondition(disc > 0, "test matrix must have real distinct eigenvalues")
        let l1 = (tr + disc.squareRoot()) / 2, l2 = (tr - disc.squareRoot()) / 2
        let e1 = exp(l1 * t), e2 = exp(l2 * t)
        func expA(_ i: Int, _ j: Int) -> Double {
            let id = i == j ? 1.0 : 0.0
            return (e1 * (a[i][j] - l2 * id) - e2 * (a[i][j] - l1 * id)) / (l1 - l2)
        }
        // m* = −A⁻¹u by Cramer's rule.
        let star = [-(a[1][1] * u[0] - a[0][1] * u[1]) / det, -(-a[1][0] * u[0] + a[0][0] * u[1]) / det]
        let d = [m0[0] - star[0], m0[1] - star[1]]
        return [star[0] + expA(0, 0) * d[0] + expA(0, 1) * d[1], star[1] + expA(1, 0) * d[0] + expA(1, 1) * d[1]]
    }
}
