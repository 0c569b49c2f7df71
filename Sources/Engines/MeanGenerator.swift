import LinearAlgebra
import RateModel

/// The linear ODE of the expected counts during one epoch.
///
/// With `m(t) = E[X(t)]`, every event being linear in the counts gives
/// `dm/dt = A·m + u` where, for compartments `i ≠ j`,
/// `A[j,i] = transfer(i→j)`, `A[i,i] = division(i) − loss(i) − Σ_j transfer(i→j)`,
/// and `u[i] = inflow(i)`. (A is the transpose of the per-cell generator, plus
/// the division rates on the diagonal.)
public enum MeanGenerator {
    /// `A` for `rates`, column-major n×n.
    public static func matrix(_ rates: RateSet) -> Matrix {
        let n = rates.count
        var a = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0..<n where j != i { a[j, i] = rates.transfer(from: i, to: j) }
            a[i, i] = rates.division[i] - rates.exitRate(i)
        }
        return a
    }

    /// The exact step of the mean over `h` days: `m(t+h) = Φ·m(t) + g` with
    /// `Φ = e^{A·h}` and `g = ∫₀ʰ e^{A·s} ds · u`.
    ///
    /// Both come from one exponential of the (n+1)×(n+1) augmented matrix
    /// `[[A, u], [0, 0]]·h`, whose exponential is `[[Φ, g], [0, 1]]`
    /// (Van Loan 1978), so a singular `A` needs no special case.
    /// Complexity: one `expm` of size n+1, O((n+1)³·(6 + s)) with BLAS `dgemm`.
    public static func step(_ rates: RateSet, over h: Double) throws(LinearAlgebraError) -> (phi: Matrix, g: [Double]) {
        let n = rates.count
        var aug = Matrix(rows: n + 1, cols: n + 1)
        aug.setBlock(row: 0, col: 0, to: matrix(rates).scaled(by: h))
        for i in 0..<n { aug[i, n] = rates.inflow[i] * h }
        let e = try aug.exponential()
        return (e.block(row: 0, col: 0, rows: n, cols: n), (0..<n).map { e[$0, n] })
    }
}
