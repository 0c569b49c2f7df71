/// Linear systems by LU factorisation with partial pivoting.
extension Matrix {
    /// Solves `self · X = B` for X (LAPACK `dgesv_`: LU with partial pivoting).
    ///
    /// - Throws: `LinearAlgebraError.singular` when a pivot is exactly zero,
    ///   `.nonFinite` when an input holds NaN or ±∞.
    /// - Complexity: O(n³ + n²·k) for an n×n system with k right-hand sides.
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(isSquare && b.rows == rows, "solve needs a square matrix and matching right-hand side")
        guard isFinite && b.isFinite else { throw .nonFinite(operation: "solve") }
        if rows == 0 || b.cols == 0 { return b }
        var lu = storage
        var x = b
        let info = lu.withUnsafeMutableBufferPointer { a in
            x.elements.withUnsafeMutableBufferPointer { bp in
                BLAS.gesv(n: rows, nrhs: b.cols, a: a.baseAddress!, b: bp.baseAddress!)
            }
        }
        precondition(info >= 0, "dgesv_ rejected argument \(-info)")
        if info > 0 { throw .singular(pivot: info) }
        return x
    }

    /// Solves `self · x = b` for a single vector (LAPACK `dgesv_`).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }
}
