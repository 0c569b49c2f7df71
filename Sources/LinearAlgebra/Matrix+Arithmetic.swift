/// Products (through BLAS), sums and scalings of matrices and vectors.
extension Matrix {
    /// The product `self · other` (BLAS `dgemm`). Complexity: O(m·n·k).
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(cols == other.rows, "cannot multiply \(rows)×\(cols) by \(other.rows)×\(other.cols)")
        var c = Matrix(rows: rows, cols: other.cols)
        if rows == 0 || other.cols == 0 { return c }
        if cols == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { cc in
                    BLAS.gemm(
                        transposeA: false, transposeB: false, m: rows, n: other.cols, k: cols,
                        alpha: 1, a: a.baseAddress!, lda: rows, b: b.baseAddress!, ldb: other.rows,
                        beta: 0, c: cc.baseAddress!, ldc: rows)
                }
            }
        }
        return c
    }

    /// The matrix-vector product `self · x` (BLAS `dgemv`). Complexity: O(m·n).
    public func multiplied(by x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        multiply(x, into: &y)
        return y
    }

    /// `y ← self · x` without allocating (BLAS `dgemv`); `y.count == rows`.
    public func multiply(_ x: [Double], into y: inout [Double]) {
        precondition(x.count == cols && y.count == rows, "gemv dimension mismatch")
        if rows == 0 { return }
        if cols == 0 { for i in y.indices { y[i] = 0 }; return }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    BLAS.gemv(transpose: false, m: rows, n: cols, alpha: 1, a: a.baseAddress!, lda: rows,
                              x: xp.baseAddress!, beta: 0, y: yp.baseAddress!)
                }
            }
        }
    }

    /// `self · x + y` (BLAS `dgemv` with β = 1).
    public func multiplied(by x: [Double], adding y: [Double]) -> [Double] {
        precondition(x.count == cols && y.count == rows, "gemv dimension mismatch")
        var out = y
        if rows == 0 || cols == 0 { return out }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { yp in
                    BLAS.gemv(transpose: false, m: rows, n: cols, alpha: 1, a: a.baseAddress!, lda: rows,
                              x: xp.baseAddress!, beta: 1, y: yp.baseAddress!)
                }
            }
        }
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
    public static func - (a: Matrix, b: Matrix) -> Matrix { a.linearCombination(1, -1, b) }
    public static func * (a: Matrix, b: Matrix) -> Matrix { a.multiplied(by: b) }
    public static func * (s: Double, a: Matrix) -> Matrix { a.scaled(by: s) }
}
