import LinearAlgebra

/// Largest entry-wise difference divided by the largest entry of the reference:
/// `max_ij |A_ij − B_ij| / max_ij |B_ij|` (a norm-wise relative error that stays
/// meaningful when some exact entries underflow to zero).
func relativeError(_ a: Matrix, _ reference: Matrix) -> Double {
    precondition(a.rows == reference.rows && a.cols == reference.cols)
    var diff = 0.0
    for (x, y) in zip(a.storage, reference.storage) { diff = max(diff, abs(x - y)) }
    let scale = reference.maxAbs
    return scale == 0 ? diff : diff / scale
}

/// Entry-wise relative error `|a − b| / |b|` for entries with `|b| > floor`,
/// and `|a − b| / max|B|` for the others.
func entrywiseRelativeError(_ a: Matrix, _ reference: Matrix, floor: Double = 1e-280) -> Double {
    var worst = 0.0
    let scale = max(reference.maxAbs, .leastNormalMagnitude)
    for (x, y) in zip(a.storage, reference.storage) {
        worst = max(worst, abs(y) > floor ? abs(x - y) / abs(y) : abs(x - y) / scale)
    }
    return worst
}

/// Plain triple-loop product, independent of BLAS, used as the reference for `dgemm`.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows {
        for j in 0..<b.cols {
            var s = 0.0
            for k in 0..<a.cols { s += a[i, k] * b[k, j] }
            c[i, j] = s
        }
    }
    return c
}

/// Deterministic pseudo-random test entries in (-1, 1) (a fixed LCG; no global state).
struct TestEntries {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    mutating func matrix(_ r: Int, _ c: Int) -> Matrix {
        var m = Matrix(rows: r, cols: c)
        for j in 0..<c { for i in 0..<r { m[i, j] = next() } }
        return m
    }
}
