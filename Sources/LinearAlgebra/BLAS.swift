import COpenBLAS

/// The one place where Microchimera calls OpenBLAS (BLAS and LAPACK).
///
/// Every routine works on column-major storage with leading dimension equal to
/// the row count. Sizes are converted to OpenBLAS's 32-bit `blasint`; callers
/// guarantee dimensions below 2³¹ (a `precondition`, since 46,341² doubles
/// would already need 16 GiB).
enum BLAS {
    /// `C ← α·op(A)·op(B) + β·C` with `op(A)` of size m×k and `op(B)` k×n (`cblas_dgemm`).
    ///
    /// Complexity: O(m·n·k) flops.
    static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasColMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(max(lda, 1)), b, blasint(max(ldb, 1)),
            beta, c, blasint(max(ldc, 1)))
    }

    /// `y ← α·op(A)·x + β·y` with A of size m×n (`cblas_dgemv`).
    ///
    /// Complexity: O(m·n) flops.
    static func gemv(
        transpose: Bool, m: Int, n: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), alpha, a, blasint(max(lda, 1)), x, 1, beta, y, 1)
    }

    /// `y ← α·x + y` on `count` elements (`cblas_daxpy`).
    static func axpy(count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(blasint(count), alpha, x, 1, y, 1)
    }

    /// Solves `A·X = B` in place by LU with partial pivoting (LAPACK `dgesv_`).
    ///
    /// On return `a` holds the LU factors and `b` the solution X (n×nrhs).
    /// Returns LAPACK's `info`: 0 on success, `i > 0` when `U[i,i]` is exactly
    /// zero (singular), `< 0` for an illegal argument (a programmer error).
    /// Complexity: O(n³ + n²·nrhs) flops.
    static func gesv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>) -> Int {
        var n32 = blasint(n), nrhs32 = blasint(nrhs), lda = blasint(max(n, 1)), ldb = blasint(max(n, 1))
        var info: blasint = 0
        var pivots = [blasint](repeating: 0, count: max(n, 1))
        pivots.withUnsafeMutableBufferPointer { piv in
            _ = dgesv_(&n32, &nrhs32, a, &lda, piv.baseAddress, b, &ldb, &info)
        }
        return Int(info)
    }

    /// Factors a positive semidefinite `A = P·L·Lᵀ·Pᵀ` in place by Cholesky
    /// with complete pivoting (LAPACK `dpstrf_`, lower triangle).
    ///
    /// On return the lower triangle of `a` holds L (columns past `rank` are
    /// meaningless), `pivots[k]` (the first n entries) is the 0-based row of
    /// A that became row k. Pivots below `tolerance` end the factorisation
    /// (`rank` < n); a negative tolerance asks LAPACK for its default,
    /// `n·ε·max diag`. Returns the rank. LAPACK's integer pivots and its 2n
    /// doubles of work space are temporary stack allocations for small n.
    /// Complexity: O(n²·rank) flops.
    static func pstrf(n: Int, a: UnsafeMutablePointer<Double>, tolerance: Double,
                      pivots: UnsafeMutableBufferPointer<Int>) -> Int {
        precondition(pivots.count >= n, "pstrf needs n pivots")
        var uplo = CChar(UInt8(ascii: "L")), n32 = blasint(n), lda = blasint(max(n, 1))
        var rank: blasint = 0, info: blasint = 0, tol = tolerance
        withUnsafeTemporaryAllocation(of: blasint.self, capacity: max(n, 1)) { piv in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(2 * n, 1)) { work in
                _ = dpstrf_(&uplo, &n32, a, &lda, piv.baseAddress, &rank, &tol, work.baseAddress, &info)
                for k in 0..<n { pivots[k] = Int(piv[k]) - 1 }
            }
        }
        precondition(info >= 0, "dpstrf_ rejected argument \(-info)")
        return Int(rank)
    }

    /// Eigenvalues, ascending, of the symmetric tridiagonal matrix with
    /// diagonal `diagonal` (n) and off-diagonal `offDiagonal` (n − 1), by
    /// implicit QL/QR without eigenvectors (LAPACK `dstev_`, `jobz = N`).
    ///
    /// Complexity: O(n²) flops.
    static func stev(diagonal: [Double], offDiagonal: [Double]) -> [Double] {
        let n = diagonal.count
        precondition(n >= 1 && offDiagonal.count == n - 1, "stev needs n >= 1 diagonal and n - 1 off-diagonal entries")
        var d = diagonal, e = offDiagonal + [0], z = [0.0], work = [0.0]
        var jobz = CChar(UInt8(ascii: "N")), n32 = blasint(n), ldz = blasint(1), info: blasint = 0
        _ = dstev_(&jobz, &n32, &d, &e, &z, &ldz, &work, &info)
        precondition(info == 0, "dstev_ failed (info \(info)) on a \(n)×\(n) tridiagonal matrix")
        return d
    }

    /// Sets the number of threads OpenBLAS may use inside one call
    /// (`openblas_set_num_threads`). Microchimera parallelises over replicates
    /// itself and pins BLAS to one thread so results never depend on how
    /// OpenBLAS splits a product.
    static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// The number of threads OpenBLAS may use inside one call (`openblas_get_num_threads`).
    static var threads: Int {
        Int(openblas_get_num_threads())
    }
}
