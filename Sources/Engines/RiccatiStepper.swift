import Foundation
import LinearAlgebra

/// Integrates the backward extinction equation of one `BranchingBlock`,
///
///     dp/dσ = L·p − b∘p∘p,   dJ/dσ = p,   L = Aᵀ,
///
/// for a batch of columns at once (σ = T − τ runs backwards in time;
/// `p_i = 1 − q_i` with `q_i = E[s^{descendants in the target set}]` for one
/// cell in i; at s = 0, `p_i` is the probability of leaving a descendant there).
///
/// Each step is an exponential-collocation step (`CollocationWeights`, M = 6,
/// degree-6 interpolation of `N = −b∘p²`), whose implicit node equations are
/// solved by fixed-point sweeps `P ← 𝐄·p + 𝐖·N(P)` (one BLAS `dgemm` each,
/// `dgemv` for one column; they contract like `2·max(b∘p)·h`). Step sizes are
/// powers of two, 2ʲ days, whatever the requested gaps: each gap is covered by
/// the largest powers of two that fit (at most the current step size), and
/// only a last remainder below 2^`minExponent` days is stepped as it is. The
/// size is halved when a step fails and doubled back when the error estimate
/// allows. So every gap, block and part of an evaluation reuses the same few
/// step lengths (`CollocationStore`), and their φ-functions come from one
/// `PhiLadder`, one doubling per new length, instead of a full evaluation per
/// gap-dependent length.
/// A step of length h is accepted when its error estimate is below
/// `max(tolerance·h/span, 1e-14)`, which bounds the sum of local errors over
/// a solve of length `span` by about `tolerance`. Local errors are carried by
/// the linearised flow `L − 2·diag(b∘p)`, which does not amplify them for
/// subcritical and critical blocks (and p stays in [0, 1] in any case); tests
/// hold the result to 1e-9 absolute against closed forms and an RK4 reference.
///
/// A block without division is linear: one exact step `p ← e^{hL}·p`,
/// `J += h·φ₁(hL)·p` per gap.
///
/// **Only what can matter.** A compartment i none of whose paths in the
/// block (`L_ij ≠ 0`, i ≠ j, transitively) leads to a compartment where some
/// column of p is non-zero keeps `p_i = 0` and `J_i = 0` over the gap exactly:
/// with R the compartments that can, `L` is block triangular (no entry from
/// the others' rows into R's columns), so `p_R` solves the equation with
/// `L_RR` alone. Each gap is therefore stepped on R only, by a stepper of the
/// restricted block kept per R (a twin pregnancy's block after the birth:
/// the son's compartments of a part that also spans his mother and his
/// sister). O(n²) per gap to find R.
///
/// **Jets.** With `order` > 1 the columns come in groups of `order`: the
/// Taylor coefficients `p^{(0)}, …, p^{(order−1)}` in z of a solution whose
/// terminal value depends on z (`MomentsEngine.thinnedCountProbabilities`).
/// The equation holds coefficient by coefficient with the Cauchy product
/// `N^{(m)} = −b∘Σ_{j=0}^m p^{(j)}∘p^{(m−j)}`: order 0 is the equation above,
/// order m ≥ 1 is linear in `p^{(m)}` (`−2b∘p^{(0)}∘p^{(m)}`) with a forcing from
/// lower orders. The node equations of the whole group are solved by the same
/// sweeps (their iteration matrix is block lower triangular with the order-0
/// block on the diagonal, so they contract at the same rate after a polynomial
/// transient: the divergence test and the step-growth rule allow 2 more sweeps
/// per order), and the error estimate is the maximum over every coefficient,
/// each a probability of at most 1 in size.
///
/// **Only the dividing rows of N.** `N = −b∘p∘p` is zero in the rows of
/// compartments that do not divide, so the sweeps, the error estimate and
/// the integral multiply only the weights' columns of the d dividing
/// compartments (`CompactWeights`, kept per step length).
///
/// Complexity per accepted step: K_it ≈ 5 sweeps of O(M²n·d·K) flops for K
/// columns and d dividing compartments, plus O(M·n²·K) for the propagators,
/// plus one `CollocationWeights` (O(M·n³) from the ladder, one
/// doubling O(M·n³) per new power of two) per new step length and generator,
/// shared through `CollocationStore`. Fixed-point sweeps limit steps
/// to about `1/(4·max b)` days, so very fast division over decades costs many
/// steps; `attemptBudget` turns a runaway into `EngineError.toleranceNotMet`.
struct RiccatiStepper {
    let count: Int
    let generator: Matrix
    let division: [Double]
    let isLinear: Bool
    let intervals: Int
    /// Coefficients per column group (1: plain columns).
    let order: Int
    /// Target for the sum of local errors on p over one solve.
    let tolerance: Double
    /// The weights of every step length of this generator, shared with the other blocks of the evaluation.
    let shelf: CollocationStore.Shelf
    /// The current step is 2^exponent days (with division).
    private var exponent: Int
    private let store: CollocationStore
    /// Whether this stepper is itself a restriction (it then steps every compartment it has).
    private let isRestriction: Bool
    /// The compartments that divide (ascending): the only rows of `N = −b∘p∘p` that are not zero.
    private let dividing: [Int]
    /// The columns of the weights that multiply `N` restricted to the dividing rows, by step length.
    private var compacted: [Double: CompactWeights] = [:]
    /// Steppers of the block restricted to a set of compartments (ascending local indices), by that set.
    private var restrictions: [[Int]: RiccatiStepper] = [:]

    static let maxLevel = 40
    /// Steps are powers of two from 2^minExponent days (a last step in a gap may be shorter) …
    static let minExponent = -6
    /// … to 2^maxExponent days (about 90 years).
    static let maxExponent = 15
    static let maxSweeps = 60
    /// Step attempts allowed per `advance` before giving up (a 50-year solve needs a few thousand).
    static let attemptBudget = 200_000

    /// A stepper for `block` (its part's `L = Aᵀ` and division rates), for columns in groups of `order` coefficients.
    init(block: BranchingBlock, tolerance: Double, order: Int = 1, store: CollocationStore) {
        self.init(generator: block.generator, division: block.division, tolerance: tolerance, order: order, store: store,
                  isRestriction: false)
    }

    private init(generator: Matrix, division: [Double], tolerance: Double, order: Int, store: CollocationStore, isRestriction: Bool) {
        precondition(order >= 1, "a jet has at least one coefficient")
        self.order = order
        count = division.count
        self.generator = generator
        self.division = division
        isLinear = !division.contains { $0 > 0 }
        dividing = division.indices.filter { division[$0] > 0 }
        intervals = isLinear ? 1 : 6
        self.tolerance = tolerance
        self.store = store
        self.isRestriction = isRestriction
        shelf = store.shelf(generator: generator, intervals: intervals)
        let b = division.max() ?? 0
        exponent = isLinear ? Self.maxExponent : min(Self.maxExponent, max(Self.minExponent, Int((0.25 / b).exponent)))
    }

    /// The compartments whose p can be non-zero over a gap that starts from
    /// `p` (n×K): those where some column is non-zero and every compartment
    /// with a path to one of them (`L_ij ≠ 0`), ascending. O(n² + n·K).
    private func relevant(_ p: [Double], columns k: Int) -> [Int] {
        let n = count
        var inside = [Bool](repeating: false, count: n)
        var queue: [Int] = []
        for i in 0..<n where (0..<k).contains(where: { p[i + $0 * n] != 0 }) {
            inside[i] = true
            queue.append(i)
        }
        generator.storage.withUnsafeBufferPointer { l in
            while let j = queue.popLast() {
                for i in 0..<n where !inside[i] && l[i + j * n] != 0 {
                    inside[i] = true
                    queue.append(i)
                }
            }
        }
        return inside.indices.filter { inside[$0] }
    }

    /// A stepper of this block restricted to the compartments `kept`.
    private func restricted(to kept: [Int]) -> RiccatiStepper {
        var l = Matrix(rows: kept.count, cols: kept.count)
        for (b, j) in kept.enumerated() { for (a, i) in kept.enumerated() { l[a, b] = generator[i, j] } }
        return RiccatiStepper(generator: l, division: kept.map { division[$0] }, tolerance: tolerance, order: order, store: store,
                              isRestriction: true)
    }

    /// Advances `p` and `integral` (both n×K, column-major) by `gap` in σ.
    ///
    /// With division, every step is a power of two, 2ʲ days (`exponent` j), except a
    /// last step shorter than 2^`minExponent` days: the largest power of two that
    /// fits in what is left of the gap and is at most the current step size, so that
    /// every gap and every block of the solve reuses the same few cached step lengths
    /// and their weights come from one `PhiLadder`.
    mutating func advance(p: inout [Double], integral: inout [Double], columns k: Int, by gap: Double, span: Double) throws(EngineError) {
        guard gap > 0, k > 0 else { return }
        if !isRestriction {
            let kept = relevant(p, columns: k)
            if kept.isEmpty { return } // p = 0 everywhere stays 0, and J gains nothing
            if kept.count < count {
                try advanceRestricted(to: kept, p: &p, integral: &integral, columns: k, by: gap, span: span)
                return
            }
        }
        if isLinear {
            let w = try shelf.weights(step: gap)
            linearStep(w, p: &p, integral: &integral, columns: k)
            return
        }
        var remaining = gap
        var successes = 0
        var attempts = 0
        while remaining > 0 {
            let h = remaining <= scalbn(1.0, min(exponent, Self.minExponent)) ? remaining
                : scalbn(1.0, min(exponent, Int(remaining.exponent)))
            attempts += 1
            guard attempts <= Self.attemptBudget else {
                throw .toleranceNotMet(context: "in the backward extinction equation (more than \(Self.attemptBudget) steps over \(gap) days)")
            }
            let tol = max(tolerance * h / span, 1e-14)
            let w = try shelf.weights(step: h)
            let c = compacted[h] ?? CompactWeights(w, dividing: dividing)
            compacted[h] = c
            if let a = attempt(w, c, p: p, columns: k, sweepTolerance: 0.1 * tol), a.error <= tol {
                p = a.p
                for i in integral.indices { integral[i] += a.integral[i] }
                remaining = h == remaining ? 0 : remaining - h // exact: h is a power of two ≥ ulp(remaining)
                let growth = scalbn(1.0, intervals)
                if h == scalbn(1.0, exponent) && a.error * growth <= 0.5 * tol && a.sweeps <= 12 + 2 * (order - 1) {
                    successes += 1
                    if successes == 2 && exponent < Self.maxExponent {
                        exponent += 1
                        successes = 0
                    }
                } else {
                    successes = 0
                }
            } else {
                exponent = min(exponent, h.exponent) - 1
                successes = 0
                guard scalbn(1.0, exponent) >= gap * scalbn(1.0, -Self.maxLevel) else {
                    throw .toleranceNotMet(context: "in the backward extinction equation (step \(h) days)")
                }
            }
        }
    }

    /// `advance` on the compartments `kept` only: every other row of p and J stays as it is (p there is 0).
    private mutating func advanceRestricted(to kept: [Int], p: inout [Double], integral: inout [Double], columns k: Int,
                                            by gap: Double, span: Double) throws(EngineError) {
        let (n, m) = (count, kept.count)
        var stepper = restrictions[kept] ?? restricted(to: kept)
        var pKept = [Double](repeating: 0, count: m * k)
        for c in 0..<k { for (a, i) in kept.enumerated() { pKept[a + c * m] = p[i + c * n] } }
        var added = [Double](repeating: 0, count: m * k)
        try stepper.advance(p: &pKept, integral: &added, columns: k, by: gap, span: span)
        restrictions[kept] = stepper
        for c in 0..<k {
            for (a, i) in kept.enumerated() {
                p[i + c * n] = pKept[a + c * m]
                integral[i + c * n] += added[a + c * m]
            }
        }
    }

    private func linearStep(_ w: CollocationWeights, p: inout [Double], integral: inout [Double], columns k: Int) {
        let added = Self.product(w.integralOfNodes, p, columns: k)
        for i in integral.indices { integral[i] += added[i] }
        p = Self.product(w.propagators, p, columns: k)
    }

    /// The outcome of one collocation step.
    private struct Attempt {
        var p: [Double]
        var integral: [Double]
        var error: Double
        var sweeps: Int
    }

    /// One step from `p`; `nil` when the fixed-point sweeps do not converge.
    ///
    /// `N` is formed on the dividing rows only (`c`): its other rows are zeros,
    /// whose products add nothing to the sums of the weights' products.
    private func attempt(_ w: CollocationWeights, _ c: CompactWeights, p: [Double], columns k: Int, sweepTolerance: Double) -> Attempt? {
        let n = count, m = intervals
        let rowsP = n * m, rowsN = dividing.count * (m + 1)
        let linear = Self.product(w.propagators, p, columns: k)
        var nodes = linear
        var nStorage = [Double](repeating: 0, count: rowsN * k)
        let minusB = dividing.map { -division[$0] }
        /// N at nodes 1…M from the node values.
        func fillN() {
            nodes.withUnsafeBufferPointer { np in
                nStorage.withUnsafeMutableBufferPointer { ns in
                    divisionTerm(minusB, from: np.baseAddress!, stride: rowsP, into: ns.baseAddress! + dividing.count, stride: rowsN, rows: rowsP, columns: k)
                }
            }
        }
        p.withUnsafeBufferPointer { pp in
            nStorage.withUnsafeMutableBufferPointer { ns in
                divisionTerm(minusB, from: pp.baseAddress!, stride: n, into: ns.baseAddress!, stride: rowsN, rows: n, columns: k)
            }
        }
        var previous = Double.infinity
        var sweeps = 0
        var converged = false
        while sweeps < Self.maxSweeps {
            sweeps += 1
            fillN()
            let update = Self.product(c.nodeWeights, nStorage, columns: k)
            var change = 0.0
            linear.withUnsafeBufferPointer { lp in
                update.withUnsafeBufferPointer { up in
                    nodes.withUnsafeMutableBufferPointer { np in
                        for e in 0..<np.count {
                            let v = lp[e] + up[e]
                            change = max(change, abs(v - np[e]))
                            np[e] = v
                        }
                    }
                }
            }
            guard change.isFinite else { return nil }
            if change <= sweepTolerance { converged = true; break }
            if sweeps > 4 + 2 * (order - 1) && change > 0.7 * previous { return nil }
            previous = change
        }
        guard converged else { return nil }
        fillN()
        let error = Self.product(c.errorWeights, nStorage, columns: k).reduce(0) { max($0, abs($1)) }
        var end = [Double](repeating: 0, count: n * k)
        var sum = p
        nodes.withUnsafeBufferPointer { np in
            end.withUnsafeMutableBufferPointer { ep in
                sum.withUnsafeMutableBufferPointer { sp in
                    for c in 0..<k {
                        let column = np.baseAddress! + c * rowsP
                        for i in 0..<n {
                            ep[i + c * n] = column[(m - 1) * n + i]
                            var s = sp[i + c * n]
                            for j in 0..<(m - 1) { s += column[j * n + i] }
                            sp[i + c * n] = s
                        }
                    }
                }
            }
        }
        var integral = Self.product(w.integralOfNodes, sum, columns: k)
        let fromN = Self.product(c.integralWeights, nStorage, columns: k)
        for i in integral.indices { integral[i] += fromN[i] }
        return Attempt(p: end, integral: integral, error: error, sweeps: sweeps)
    }

    /// `a·x` for the column-major a.cols×k matrix x: BLAS `dgemv` per column
    /// for a few columns (which, unlike `dgemm`, does not repack a on every
    /// call), `dgemm` otherwise (`Matrix.multiplied(byColumns:count:)`).
    private static func product(_ a: Matrix, _ x: [Double], columns k: Int) -> [Double] {
        a.multiplied(byColumns: x, count: k)
    }

    /// `dst[a + node·d + c·dstStride] = −b_i·(p∘p)` for the dividing compartments
    /// `i = dividing[a]` (d of them) of every node block of n rows of the source
    /// (rows `node·n + i`) and every column c, the product taken within each group
    /// of `order` columns as a Cauchy product of jets (`Σ_{j=0}^m p^{(j)} p^{(m−j)}`
    /// for coefficient m). `minusB[a]` is `−b` of `dividing[a]`.
    private func divisionTerm(_ minusB: [Double], from src: UnsafePointer<Double>, stride ss: Int,
                              into dst: UnsafeMutablePointer<Double>, stride ds: Int, rows: Int, columns k: Int) {
        let n = count, d = dividing.count
        minusB.withUnsafeBufferPointer { b in
            dividing.withUnsafeBufferPointer { rows2 in
                if order == 1 {
                    for c in 0..<k {
                        let from = src + c * ss, to = dst + c * ds
                        for (node, base) in Swift.stride(from: 0, to: rows, by: n).enumerated() {
                            for a in 0..<d { let v = from[base + rows2[a]]; to[node * d + a] = b[a] * v * v }
                        }
                    }
                    return
                }
                for c in 0..<k {
                    let m = c % order, group = c - m
                    let to = dst + c * ds
                    for (node, base) in Swift.stride(from: 0, to: rows, by: n).enumerated() {
                        for a in 0..<d {
                            let r = base + rows2[a]
                            var s = 0.0
                            for j in 0...m { s += src[r + (group + j) * ss] * src[r + (group + m - j) * ss] }
                            to[node * d + a] = b[a] * s
                        }
                    }
                }
            }
        }
    }
}

/// The weights of a `CollocationWeights` that multiply `N`, restricted to the
/// columns of the dividing compartments (`i` in `dividing` within each node
/// block of n columns, in their order).
///
/// `N = −b∘p∘p` is zero in every row of a compartment that does not divide,
/// so the other columns multiply zeros: the products on the kept columns add
/// the same non-zero terms in the same order. In a family most compartments
/// do not divide (the progenitors of a few tissues do), so the sweeps'
/// `dgemm` shrinks from an inner dimension of n(M+1) to d(M+1). Building: O(M²n·d).
private struct CompactWeights {
    /// (nM)×d(M+1): `nodeWeights` on the kept columns.
    let nodeWeights: Matrix
    /// n×d(M+1): `errorWeights` on the kept columns.
    let errorWeights: Matrix
    /// n×d(M+1): `integralWeights` on the kept columns.
    let integralWeights: Matrix

    init(_ w: CollocationWeights, dividing: [Int]) {
        let n = w.count
        let columns = (0...w.intervals).flatMap { node in dividing.map { node * n + $0 } }
        func kept(_ a: Matrix) -> Matrix {
            if columns.count == a.cols { return a }
            var storage = [Double](repeating: 0, count: a.rows * columns.count)
            for (c, j) in columns.enumerated() {
                for r in 0..<a.rows { storage[r + c * a.rows] = a.storage[r + j * a.rows] }
            }
            return Matrix(rows: a.rows, cols: columns.count, columnMajor: storage)
        }
        nodeWeights = kept(w.nodeWeights)
        errorWeights = kept(w.errorWeights)
        integralWeights = kept(w.integralWeights)
    }
}
