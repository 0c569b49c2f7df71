import Foundation
import Testing
@testable import LinearAlgebra

/// `expm` against closed forms. Tolerance: 1e-12 relative, measured norm-wise as
/// `max|E − X| / max|X|` (Higham's convention) and, where stated, entry-wise on
/// every entry not below 1e-8 of the largest: entries that have decayed to
/// e^-40 and below carry an absolute error of a few ulps of the largest entry,
/// by design (see `Matrix.exponential()`).
/// Cases span every Padé degree (3, 5, 7, 9) and the scaled degree-13 branch.
@Suite("Matrix exponential (Higham 2005) against closed forms")
struct ExponentialTests {
    static let tolerance = 1e-12

    @Test("diagonal: e^D = diag(e^d)", arguments: [1e-3, 0.2, 0.9, 2.0, 5.0, 40.0, 700.0])
    func diagonal(scale: Double) throws {
        let d = [-1.0, 0.5, -0.25, 1.0, 0.0].map { $0 * scale }
        let e = try Matrix.diagonal(d).exponential()
        let exact = Matrix.diagonal(d.map(Foundation.exp))
        #expect(relativeError(e, exact) < Self.tolerance)
        #expect(entrywiseRelativeError(e, exact, floor: 1e-8 * exact.maxAbs) < Self.tolerance)
    }

    @Test("nilpotent: e^N = I + N + N²/2 + N³/6 when N⁴ = 0", arguments: [0.001, 0.1, 1.0, 3.0, 30.0])
    func nilpotent(scale: Double) throws {
        let n = Matrix([[0, 1, -2, 0.5], [0, 0, 3, 1], [0, 0, 0, -1.5], [0, 0, 0, 0]]).scaled(by: scale)
        let n2 = naiveProduct(n, n), n3 = naiveProduct(n2, n)
        var exact = Matrix.identity(4)
        for j in 0..<4 { for i in 0..<4 { exact[i, j] += n[i, j] + n2[i, j] / 2 + n3[i, j] / 6 } }
        #expect(relativeError(try n.exponential(), exact) < Self.tolerance)
    }

    @Test("rotation generator: e^{[[0,−θ],[θ,0]]} is the rotation by θ", arguments: [0.01, 0.5, 1.5, 3.0, 10.0, 100.0])
    func rotation(theta: Double) throws {
        let g = Matrix([[0, -theta], [theta, 0]])
        let exact = Matrix([[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
        #expect(relativeError(try g.exponential(), exact) < Self.tolerance)
    }

    @Test("block diagonal: the exponential of each block, Jordan block included")
    func blockDiagonal() throws {
        // Blocks: rotation by 2, Jordan block [[λ,1],[0,λ]] with λ = −0.7, scalar 1.3.
        var a = Matrix(rows: 5, cols: 5)
        a.setBlock(row: 0, col: 0, to: Matrix([[0, -2], [2, 0]]))
        a.setBlock(row: 2, col: 2, to: Matrix([[-0.7, 1], [0, -0.7]]))
        a[4, 4] = 1.3
        var exact = Matrix(rows: 5, cols: 5)
        exact.setBlock(row: 0, col: 0, to: Matrix([[cos(2), -sin(2)], [sin(2), cos(2)]]))
        let el = Foundation.exp(-0.7)
        exact.setBlock(row: 2, col: 2, to: Matrix([[el, el], [0, el]]))
        exact[4, 4] = Foundation.exp(1.3)
        let e = try a.exponential()
        #expect(relativeError(e, exact) < Self.tolerance)
        #expect(e[0, 2] == 0 && e[4, 0] == 0) // blocks do not leak into each other
    }

    @Test("two-state generator: closed form, columns sum to 1", arguments: [0.01, 1.0, 10.0, 1000.0])
    func twoState(t: Double) throws {
        let (a, b) = (0.3, 0.05) // rate 0→1 is a, 1→0 is b; column j is the law started in j
        let q = Matrix([[-a, b], [a, -b]])
        let s = a + b, decay = Foundation.exp(-s * t)
        let exact = Matrix([[(b + a * decay) / s, (b - b * decay) / s], [(a - a * decay) / s, (a + b * decay) / s]])
        #expect(relativeError(try q.exponential(times: t), exact) < Self.tolerance)
    }

    @Test("stochastic generator: columns of e^{Qt} sum to 1, entries ≥ −1e-15", arguments: [0.001, 0.5, 7.0, 365.25, 18262.5])
    func stochasticGenerator(t: Double) throws {
        var g = TestEntries(seed: 2005)
        let n = 6
        var q = Matrix(rows: n, cols: n)
        for j in 0..<n {
            for i in 0..<n where i != j { q[i, j] = abs(g.next()) * Foundation.pow(10, Double(-(i + j) % 4)) }
            q[j, j] = -(0..<n).reduce(0.0) { $1 == j ? $0 : $0 + q[$1, j] }
        }
        let p = try q.exponential(times: t)
        for j in 0..<n {
            let sum = p.column(j).reduce(0, +)
            #expect(abs(sum - 1) < Self.tolerance, "column \(j) sums to \(sum)")
        }
        #expect(p.storage.allSatisfy { $0 >= -1e-15 }, "min entry \(p.storage.min()!)")
    }

    @Test("stiff chain: a 16-minute half-life feeding a 30-year one", arguments: [1.0 / 24, 1.0, 30.0, 365.25, 10957.5])
    func stiff(t: Double) throws {
        // x₀' = −k₁x₀, x₁' = k₁x₀ − k₂x₁, x₁ → out; the generator's columns sum to ≤ 0.
        let k1 = log(2.0) / (16.0 / 1440.0), k2 = log(2.0) / (30 * 365.25)
        let q = Matrix([[-k1, 0], [k1, -k2]])
        let e1 = Foundation.exp(-k1 * t), e2 = Foundation.exp(-k2 * t)
        let exact = Matrix([[e1, 0], [k1 / (k1 - k2) * (e2 - e1), e2]])
        let p = try q.exponential(times: t)
        #expect(relativeError(p, exact) < Self.tolerance)
        #expect(abs(p[1, 1] - e2) / e2 < Self.tolerance) // the slow mode itself to 1e-12 relative
        #expect(p.storage.allSatisfy { $0 >= -1e-15 })
    }

    @Test("edge cases: empty, zero, NaN")
    func edges() throws {
        #expect(try Matrix(rows: 0, cols: 0).exponential().rows == 0)
        #expect(try Matrix(rows: 3, cols: 3).exponential() == .identity(3))
        #expect(throws: LinearAlgebraError.nonFinite(operation: "exponential")) {
            try Matrix([[1, .infinity], [0, 1]]).exponential()
        }
    }
}
