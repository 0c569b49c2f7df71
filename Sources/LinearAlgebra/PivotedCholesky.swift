/// A square root of a positive semidefinite matrix from a pivoted Cholesky factorisation.
///
/// `A = P·L·Lᵀ·Pᵀ` with L lower triangular of `rank` columns (LAPACK
/// `dpstrf_`), so `x = P·L·z` has covariance A when z has independent
/// standard components: the factor a multivariate normal draw needs, also
/// when A is singular (compartments that cannot vary, or that move together).
///
/// A value can be factored again (`factor(_:rows:)`), reusing its storage:
/// the fast engine factors a small covariance at every interval.
public struct PivotedCholesky: Sendable {
    /// The order of A.
    public private(set) var count = 0
    /// The numerical rank: pivots below the tolerance end the factorisation.
    public private(set) var rank = 0
    /// `pivots[k]`: the row of A that the factorisation took k-th (the first `count` entries).
    public private(set) var pivots: [Int] = []
    /// L, column-major `count`×`count`; only the first `rank` columns, lower triangle, are used.
    private var factor: [Double] = []

    /// An empty factorisation, to be filled by `factor(_:rows:)`.
    public init() {}

    /// Factors the symmetric positive semidefinite `a` (n×n). Pivots below
    /// `relativeTolerance · max_i A_ii` count as zero.
    ///
    /// Complexity: O(n²·rank) flops, one LAPACK `dpstrf_`.
    public init(_ a: Matrix, relativeTolerance: Double = 1e-12) {
        precondition(a.rows == a.cols, "a Cholesky factor needs a square matrix, got \(a.rows)×\(a.cols)")
        factor(a, rows: Array(0..<a.rows), relativeTolerance: relativeTolerance)
    }

    /// Factors the principal submatrix of the symmetric positive
    /// semidefinite `a` on `rows` (in that order), replacing the previous
    /// factorisation without allocating when it fits the storage already held.
    ///
    /// Complexity: O(g²·rank) flops for g rows, one LAPACK `dpstrf_`.
    public mutating func factor(_ a: Matrix, rows indices: [Int], relativeTolerance: Double = 1e-12) {
        let n = indices.count
        count = n
        if factor.count < n * n { factor = [Double](repeating: 0, count: n * n) }
        if pivots.count < n { pivots = [Int](repeating: 0, count: n) }
        var largest = 0.0
        let rows = a.rows
        precondition(a.cols == rows && indices.allSatisfy { $0 >= 0 && $0 < rows }, "rows outside the \(rows)×\(a.cols) matrix")
        a.storage.withUnsafeBufferPointer { source in
            factor.withUnsafeMutableBufferPointer { target in
                for (b, j) in indices.enumerated() {
                    for (c, i) in indices.enumerated() { target[c &+ b &* n] = source[i &+ j &* rows] }
                    largest = max(largest, source[j &+ j &* rows])
                }
            }
        }
        guard largest > 0 else {
            rank = 0
            for k in 0..<n { pivots[k] = k }
            return
        }
        rank = factor.withUnsafeMutableBufferPointer { f in
            pivots.withUnsafeMutableBufferPointer { p in
                BLAS.pstrf(n: n, a: f.baseAddress!, tolerance: relativeTolerance * largest, pivots: p)
            }
        }
    }

    /// `out[pivots[i]] += (L·z)_i` for the first `rank` components of z.
    ///
    /// Complexity: O(n·rank).
    public func addProduct(_ z: [Double], to out: inout [Double]) {
        precondition(z.count >= rank && out.count >= count, "sizes do not match the factor")
        for i in 0..<count {
            var s = 0.0
            for k in 0..<min(i + 1, rank) { s += factor[i + k * count] * z[k] }
            out[pivots[i]] += s
        }
    }
}
