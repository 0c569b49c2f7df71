/// A square root of a positive semidefinite matrix from a pivoted Cholesky factorisation.
///
/// `A = P·L·Lᵀ·Pᵀ` with L lower triangular of `rank` columns (LAPACK
/// `dpstrf_`), so `x = P·L·z` has covariance A when z has independent
/// standard components: the factor a multivariate normal draw needs, also
/// when A is singular (compartments that cannot vary, or that move together).
public struct PivotedCholesky: Sendable {
    /// The order of A.
    public let count: Int
    /// The numerical rank: pivots below the tolerance end the factorisation.
    public let rank: Int
    /// `pivots[k]`: the row of A that the factorisation took k-th.
    public let pivots: [Int]
    /// L, column-major n×n; only the first `rank` columns, lower triangle, are used.
    let factor: [Double]

    /// Factors the symmetric positive semidefinite `a` (n×n). Pivots below
    /// `relativeTolerance · max_i A_ii` count as zero.
    ///
    /// Complexity: O(n²·rank) flops, one LAPACK `dpstrf_`.
    public init(_ a: Matrix, relativeTolerance: Double = 1e-12) {
        precondition(a.rows == a.cols, "a Cholesky factor needs a square matrix, got \(a.rows)×\(a.cols)")
        let n = a.rows
        var storage = a.storage
        var largest = 0.0
        for i in 0..<n { largest = max(largest, storage[i + i * n]) }
        count = n
        guard largest > 0 else {
            (rank, pivots, factor) = (0, Array(0..<n), storage)
            return
        }
        let (p, r) = storage.withUnsafeMutableBufferPointer {
            BLAS.pstrf(n: n, a: $0.baseAddress!, tolerance: relativeTolerance * largest)
        }
        (rank, pivots, factor) = (r, p, storage)
    }

    /// `out[pivots[i]] += (L·z)_i` for the first `rank` components of z.
    ///
    /// Complexity: O(n·rank).
    public func addProduct(_ z: [Double], to out: inout [Double]) {
        precondition(z.count >= rank && out.count == count, "sizes do not match the factor")
        for i in 0..<count {
            var s = 0.0
            for k in 0..<min(i + 1, rank) { s += factor[i + k * count] * z[k] }
            out[pivots[i]] += s
        }
    }
}
