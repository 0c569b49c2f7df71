import LinearAlgebra
import Testing

/// The pivoted Cholesky factor F (the columns `P·L·e_k`) of a positive
/// semidefinite A satisfies `F·Fᵀ = A` and finds A's rank, also when A is
/// singular (a rank-2 5×5 matrix) or zero.
@Suite("Pivoted Cholesky")
struct PivotedCholeskyTests {
    static func columns(_ root: PivotedCholesky) -> [[Double]] {
        (0..<root.rank).map { k in
            var z = [Double](repeating: 0, count: root.rank)
            z[k] = 1
            var column = [Double](repeating: 0, count: root.count)
            root.addProduct(z, to: &column)
            return column
        }
    }

    @Test("rank-deficient and full-rank matrices are reproduced")
    func reproduces() {
        let b = Matrix([[1, 2], [0, 1], [3, -1], [2, 2], [-1, 0.5]])
        var singular = Matrix(rows: 5, cols: 5)
        for i in 0..<5 { for j in 0..<5 { singular[i, j] = b[i, 0] * b[j, 0] + b[i, 1] * b[j, 1] } }
        var full = singular
        for i in 0..<5 { full[i, i] += Double(i + 1) }
        for (a, rank) in [(singular, 2), (full, 5)] {
            let root = PivotedCholesky(a)
            #expect(root.rank == rank)
            let f = Self.columns(root)
            for i in 0..<5 {
                for j in 0..<5 {
                    let product = f.reduce(0.0) { $0 + $1[i] * $1[j] }
                    #expect(abs(product - a[i, j]) < 1e-10 * 20, "(\(i), \(j)): \(product) vs \(a[i, j])")
                }
            }
        }
    }

    @Test("a factor reused for a principal submatrix reproduces that submatrix")
    func reusedForSubmatrix() {
        var big = Matrix(rows: 6, cols: 6)
        for i in 0..<6 { for j in 0..<6 { big[i, j] = Double(min(i, j) + 1) + (i == j ? 0.5 : 0) } }
        var root = PivotedCholesky(big)
        #expect(root.rank == 6)
        let rows = [4, 0, 2]
        root.factor(big, rows: rows)
        #expect(root.count == 3 && root.rank == 3)
        let f = Self.columns(root)
        for (a, i) in rows.enumerated() {
            for (b, j) in rows.enumerated() {
                let product = f.reduce(0.0) { $0 + $1[a] * $1[b] }
                #expect(abs(product - big[i, j]) < 1e-12 * 10, "(\(i), \(j)): \(product) vs \(big[i, j])")
            }
        }
    }

    @Test("the zero matrix has rank 0")
    func zero() {
        let root = PivotedCholesky(Matrix(rows: 3, cols: 3))
        #expect(root.rank == 0)
        var out = [1.0, 2, 3]
        root.addProduct([], to: &out)
        #expect(out == [1, 2, 3])
    }
}
