import Testing
@testable import LinearAlgebra

@Suite("Matrix storage, BLAS products and LU solve")
struct MatrixTests {
    @Test("column-major layout: element (i, j) at i + j·rows")
    func layout() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.cols == 3)
        #expect(m.storage == [1, 4, 2, 5, 3, 6])
        #expect(m.transposed.storage == [1, 2, 3, 4, 5, 6])
        #expect(m.column(1) == [2, 5])
        #expect(m.row(1) == [4, 5, 6])
    }

    @Test("dgemm agrees with a triple loop on rectangular shapes", arguments: [(1, 1, 1), (3, 5, 2), (7, 4, 9), (32, 17, 23)])
    func gemm(shape: (Int, Int, Int)) {
        var g = TestEntries(seed: UInt64(shape.0 * 100 + shape.1 * 10 + shape.2))
        let a = g.matrix(shape.0, shape.1)
        let b = g.matrix(shape.1, shape.2)
        #expect(relativeError(a * b, naiveProduct(a, b)) < 1e-14)
    }

    @Test("dgemv agrees with a loop, with and without the added vector")
    func gemv() {
        var g = TestEntries(seed: 7)
        let a = g.matrix(6, 4)
        let x = (0..<4).map { _ in g.next() }
        let y = (0..<6).map { _ in g.next() }
        let expected = (0..<6).map { i in (0..<4).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
        let got = a.multiplied(by: x)
        let gotPlus = a.multiplied(by: x, adding: y)
        for i in 0..<6 {
            #expect(abs(got[i] - expected[i]) < 1e-14)
            #expect(abs(gotPlus[i] - (expected[i] + y[i])) < 1e-14)
        }
    }

    @Test("in-place products agree with the allocating ones: setProduct, multiplySparse, addSymmetric, setZero")
    func inPlace() {
        var g = TestEntries(seed: 11)
        let a = g.matrix(5, 4), b = g.matrix(4, 3), c = g.matrix(3, 4)
        var product = Matrix(rows: 5, cols: 3)
        product.setProduct(a, b)
        #expect(relativeError(product, naiveProduct(a, b)) < 1e-14)
        product.setProduct(a, c, transposingB: true)
        #expect(relativeError(product, naiveProduct(a, c.transposed)) < 1e-14)
        // Sparse x (one non-zero of four: the daxpy path) and dense x (the dgemv path), accumulating or not.
        for x in [[0, 2.5, 0, 0], [1, -2, 0.5, 3]] {
            let y = (0..<5).map { _ in g.next() }
            let expected = a.multiplied(by: x)
            var got = y
            a.multiplySparse(x, into: &got, accumulating: false)
            var sum = y
            a.multiplySparse(x, into: &sum, accumulating: true)
            for i in 0..<5 {
                #expect(abs(got[i] - expected[i]) < 1e-14)
                #expect(abs(sum[i] - (expected[i] + y[i])) < 1e-14)
            }
        }
        // Packed upper triangle of a symmetric 3×3: (0,0) (0,1) (1,1) (0,2) (1,2) (2,2).
        let packed = [1.0, 2, 3, 4, 5, 6]
        let symmetric = Matrix([[1, 2, 4], [2, 3, 5], [4, 5, 6]])
        var m = Matrix(rows: 3, cols: 3, repeating: 7)
        m.addSymmetric(packedUpper: packed, replacing: true)
        #expect(m == symmetric)
        m.addSymmetric(packedUpper: packed, replacing: false)
        #expect(m == symmetric.scaled(by: 2))
        m.setZero()
        #expect(m == Matrix(rows: 3, cols: 3))
    }

    @Test("dgesv solves A·X = B: the residual is at rounding level")
    func solve() throws {
        var g = TestEntries(seed: 11)
        var a = g.matrix(8, 8)
        for i in 0..<8 { a[i, i] += 4 } // well conditioned
        let xTrue = g.matrix(8, 3)
        let b = naiveProduct(a, xTrue)
        let x = try a.solve(b)
        #expect(relativeError(x, xTrue) < 1e-13)
        let v = try a.solve(b.column(0))
        #expect(zip(v, xTrue.column(0)).allSatisfy { abs($0 - $1) < 1e-13 })
    }

    @Test("a singular matrix is reported, not solved")
    func singular() {
        let a = Matrix([[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) { try a.solve([1, 1]) }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "solve")) { try Matrix([[Double.nan]]).solve([1]) }
    }

    @Test("blocks copy in and out")
    func blocks() {
        var m = Matrix(rows: 4, cols: 4)
        m.setBlock(row: 1, col: 2, to: Matrix([[1, 2], [3, 4]]))
        #expect(m[1, 2] == 1 && m[2, 3] == 4 && m[0, 0] == 0)
        #expect(m.block(row: 1, col: 2, rows: 2, cols: 2) == Matrix([[1, 2], [3, 4]]))
    }
}
