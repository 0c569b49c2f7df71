/// Products (through BLAS), sums and scalings of matrices and vectors.
extension Matrix {
    /// The product `self · other` (BLAS `dgemm`). Complexity: O(m·n·k).
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(cols == other.rows, "cannot multiply \(rows)×\(cols) by \(other.rows)×\(other.cols)")
        if rows == 0 || other.cols == 0 || cols == 0 { return Matrix(rows: rows, cols: other.cols) }
        // dgemm with β = 0 writes every entry of C, so its storage is not zeroed first.
        let product = [Double](unsafeUninitializedCapacity: rows * other.cols) { cc, initialized in
            storage.withUnsafeBufferPointer { a in
                other.storage.withUnsafeBufferPointer { b in
                    BLAS.gemm(
                        transposeA: false, transposeB: false, m: rows, n: other.cols, k: cols,
                        alpha: 1, a: a.baseAddress!, lda: rows, b: b.baseAddress!, ldb: other.rows,
                        beta: 0, c: cc.baseAddress!, ldc: rows)
                }
            }
            initialized = rows * other.cols
        }
        return Matrix(rows: rows, cols: other.cols, columnMajor: product)
    }

    /// The product `self · X` for the column-major `cols`×k matrix `x`
    /// (`x.count == cols·k`), column-major `rows`×k: one BLAS `dgemv` per
    /// column when k ≤ `columnsByGemv`, else one `dgemm`. A `dgemm` packs all
    /// of `self` on every call, which for so few columns costs more than the
    /// product: on a 180×210 matrix (OpenBLAS 0.3.21, one thread, Zen) k
    /// `dgemv` take 4.3, 8.9 and 13.8 µs for k = 1, 2, 3 against 11.4, 19.5
    /// and 22.9 µs for one `dgemm`; from k = 4 the `dgemm` is as fast or
    /// faster. Complexity: O(m·n·k).
    public func multiplied(byColumns x: [Double], count k: Int) -> [Double] {
        precondition(k >= 0 && x.count == cols * k, "gemm dimension mismatch")
        guard k <= Self.columnsByGemv else { return multiplied(by: Matrix(rows: cols, cols: k, columnMajor: x)).storage }
        var y = [Double](repeating: 0, count: rows * k)
        if rows == 0 || cols == 0 || k == 0 { return y }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    for c in 0..<k {
                        BLAS.gemv(transpose: false, m: rows, n: cols, alpha: 1, a: a.baseAddress!, lda: rows,
                                  x: xp.baseAddress! + c * cols, beta: 0, y: yp.baseAddress! + c * rows)
                    }
                }
            }
        }
        return y
    }

    /// Up to this many columns `multiplied(byColumns:count:)` runs one `dgemv` per column.
    public static let columnsByGemv = 3

    /// The matrix-vector product `self · x` (BLAS `dgemv`). Complexity: O(m·n).
    public func multiplied(by x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        multiply(x, into: &y)
        return y
    }

    /// `y ← self · x` without allocating (BLAS `dgemv`); `y.count == rows`.
    public func multiply(_ x: [Double], into y: inout [Double]) {
        precondition(x.count == cols, "gemv dimension mismatch")
        multiply(x, into: &y, accumulating: false)
    }

    /// `self ← a · op(b)` in place, reusing this matrix's storage (BLAS
    /// `dgemm` with β = 0); `op(b)` is `bᵀ` when `transposingB`. The result
    /// must have this matrix's shape. Complexity: O(m·n·k).
    public mutating func setProduct(_ a: Matrix, _ b: Matrix, transposingB: Bool = false) {
        let (bRows, bCols) = transposingB ? (b.cols, b.rows) : (b.rows, b.cols)
        precondition(a.cols == bRows && rows == a.rows && cols == bCols,
                     "cannot store \(a.rows)×\(a.cols) times \(bRows)×\(bCols) in \(rows)×\(cols)")
        if elements.isEmpty { return }
        if a.cols == 0 { for i in elements.indices { elements[i] = 0 }; return }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                elements.withUnsafeMutableBufferPointer { cp in
                    BLAS.gemm(
                        transposeA: false, transposeB: transposingB, m: rows, n: cols, k: a.cols,
                        alpha: 1, a: ap.baseAddress!, lda: a.rows, b: bp.baseAddress!, ldb: b.rows,
                        beta: 0, c: cp.baseAddress!, ldc: rows)
                }
            }
        }
    }

    /// `y ← self · x + β·y` like `multiply(_:into:accumulating:)`, but
    /// reading only the columns j with `x_j ≠ 0`: one BLAS `daxpy` per such
    /// column when at most three quarters of x is non-zero, else one `dgemv`. For tall
    /// matrices applied to sparse vectors (the moment step's n(n+1)/2 × (n+1) noise
    /// matrix, whose columns are the covariance contributions of cells
    /// starting in each compartment) this reads a fraction of the matrix.
    /// Complexity: O(m·nnz(x)).
    public func multiplySparse(_ x: [Double], into y: inout [Double], accumulating: Bool) {
        precondition(x.count >= cols && y.count == rows, "gemv dimension mismatch")
        var nonZero = 0
        for j in 0..<cols where x[j] != 0 { nonZero += 1 }
        guard 4 * nonZero <= 3 * cols else {
            multiply(x, into: &y, accumulating: accumulating)
            return
        }
        if !accumulating { for i in y.indices { y[i] = 0 } }
        if rows == 0 || nonZero == 0 { return }
        storage.withUnsafeBufferPointer { a in
            y.withUnsafeMutableBufferPointer { yp in
                for j in 0..<cols where x[j] != 0 {
                    BLAS.axpy(count: rows, alpha: x[j], x: a.baseAddress! + j * rows, y: yp.baseAddress!)
                }
            }
        }
    }

    /// `y ← self · x + β·y` without allocating (BLAS `dgemv`), β = 1 when
    /// `accumulating`, else 0; `x` may be longer than `cols` (its first
    /// `cols` entries are used), `y.count == rows`. Complexity: O(m·n).
    public func multiply(_ x: [Double], into y: inout [Double], accumulating: Bool) {
        precondition(x.count >= cols && y.count == rows, "gemv dimension mismatch")
        if rows == 0 { return }
        if cols == 0 { if !accumulating { for i in y.indices { y[i] = 0 } }; return }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    BLAS.gemv(transpose: false, m: rows, n: cols, alpha: 1, a: a.baseAddress!, lda: rows,
                              x: xp.baseAddress!, beta: accumulating ? 1 : 0, y: yp.baseAddress!)
                }
            }
        }
    }

    /// Adds (or, when `replacing`, sets) the symmetric matrix whose upper
    /// triangle is packed by columns in `packed` — entry (i, k), i ≤ k, at
    /// `k(k+1)/2 + i` — to this square matrix, both triangles.
    /// Complexity: O(n²).
    public mutating func addSymmetric(packedUpper packed: [Double], replacing: Bool) {
        let n = rows
        precondition(cols == n && packed.count >= n * (n + 1) / 2, "packed size does not match a \(n)×\(n) matrix")
        packed.withUnsafeBufferPointer { p in
            elements.withUnsafeMutableBufferPointer { e in
                var q = 0
                for k in 0..<n {
                    for i in 0...k {
                        let v = p[q]
                        q &+= 1
                        if replacing {
                            e[i &+ k &* n] = v
                            e[k &+ i &* n] = v
                        } else {
                            e[i &+ k &* n] += v
                            if i != k { e[k &+ i &* n] += v }
                        }
                    }
                }
            }
        }
    }

    /// `self · x + y` (BLAS `dgemv` with β = 1).
    public func multiplied(by x: [Double], adding y: [Double]) -> [Double] {
        precondition(x.count == cols && y.count == rows, "gemv dimension mismatch")
        var out = y
        multiply(x, into: &out, accumulating: true)
        return out
    }

    /// `α·self + β·other`, element-wise (BLAS `daxpy` after a scaling).
    public func linearCombination(_ alpha: Double, _ beta: Double, _ other: Matrix) -> Matrix {
        precondition(rows == other.rows && cols == other.cols, "matrix sizes differ")
        var out = self.scaled(by: alpha)
        if storage.isEmpty { return out }
        other.storage.withUnsafeBufferPointer { x in
            out.elements.withUnsafeMutableBufferPointer { y in
                BLAS.axpy(count: x.count, alpha: beta, x: x.baseAddress!, y: y.baseAddress!)
            }
        }
        return out
    }

    /// Every entry multiplied by `factor`.
    public func scaled(by factor: Double) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: storage.map { $0 * factor })
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix { a.linearCombination(1, 1, b) }

    /// `a += b` in place: BLAS `daxpy` with α = 1 into `a`'s storage, the
    /// same arithmetic as `a + b` without a copy of `a`. O(rows·cols).
    public static func += (a: inout Matrix, b: Matrix) {
        precondition(a.rows == b.rows && a.cols == b.cols, "matrix sizes differ")
        if b.elements.isEmpty { return }
        b.elements.withUnsafeBufferPointer { x in
            a.elements.withUnsafeMutableBufferPointer { y in
                BLAS.axpy(count: x.count, alpha: 1, x: x.baseAddress!, y: y.baseAddress!)
            }
        }
    }
    public static func - (a: Matrix, b: Matrix) -> Matrix { a.linearCombination(1, -1, b) }
    public static func * (a: Matrix, b: Matrix) -> Matrix { a.multiplied(by: b) }
    public static func * (s: Double, a: Matrix) -> Matrix { a.scaled(by: s) }
}
