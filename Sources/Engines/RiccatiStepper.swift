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
/// solved by fixed-point sweeps `P ← 𝐄·p + 𝐖·N(P)` (one BLAS `dgemm` each;
/// they contract like `2·max(b∘p)·h`). Step sizes are dyadic fractions of the
/// requested gap, halved when a step fails and doubled back when the error
/// estimate allows, so that regular output grids reuse a few cached step sizes.
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
/// Complexity per accepted step: K_it ≈ 5 sweeps of O(M²n²·K) flops for K
/// columns, plus one `CollocationWeights` (O((20 + s)·M·n³)) per new step
/// length, cached (at most `cacheLimit` kept). Fixed-point sweeps limit steps
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
    private var weights: [Double: CollocationWeights] = [:]
    private var hint: Double

    static let cacheLimit = 256
    static let maxLevel = 40
    static let maxSweeps = 60
    /// Step attempts allowed per `advance` before giving up (a 50-year solve needs a few thousand).
    static let attemptBudget = 200_000

    /// A stepper for `block` (its part's `L = Aᵀ` and division rates), for columns in groups of `order` coefficients.
    init(block: BranchingBlock, tolerance: Double, order: Int = 1) {
        precondition(order >= 1, "a jet has at least one coefficient")
        self.order = order
        count = block.division.count
        generator = block.generator
        division = block.division
        isLinear = !block.hasDivision
        intervals = isLinear ? 1 : 6
        self.tolerance = tolerance
        let b = block.division.max() ?? 0
        hint = isLinear ? .infinity : 0.25 / b
    }

    /// Advances `p` and `integral` (both n×K, column-major) by `gap` in σ.
    mutating func advance(p: inout [Double], integral: inout [Double], columns k: Int, by gap: Double, span: Double) throws(EngineError) {
        guard gap > 0, k > 0 else { return }
        if isLinear {
            let w = try stepWeights(gap)
            linearStep(w, p: &p, integral: &integral, columns: k)
            return
        }
        var level = hint >= gap ? 0 : min(Self.maxLevel, Int(ceil(log2(gap / hint))))
        var done = 0
        var attempts = 0
        while done < (1 << level) {
            let h = scalbn(gap, -level)
            attempts += 1
            guard attempts <= Self.attemptBudget else {
                throw .toleranceNotMet(context: "in the backward extinction equation (more than \(Self.attemptBudget) steps over \(gap) days)")
            }
            let tol = max(tolerance * h / span, 1e-14)
            let w = try stepWeights(h)
            if let a = attempt(w, p: p, columns: k, sweepTolerance: 0.1 * tol), a.error <= tol {
                p = a.p
                for i in integral.indices { integral[i] += a.integral[i] }
                done += 1
                let growth = scalbn(1.0, intervals)
                if level > 0 && done % 2 == 0 && a.error * growth <= 0.5 * tol && a.sweeps <= 12 + 2 * (order - 1) {
                    level -= 1
                    done /= 2
                }
            } else {
                guard level < Self.maxLevel else {
                    throw .toleranceNotMet(context: "in the backward extinction equation (step \(h) days)")
                }
                level += 1
                done *= 2
            }
        }
        hint = level == 0 ? max(hint, gap) : scalbn(gap, -level)
    }

    private mutating func stepWeights(_ h: Double) throws(EngineError) -> CollocationWeights {
        if let w = weights[h] { return w }
        let w: CollocationWeights
        do {
            w = try CollocationWeights(l: generator, step: h, intervals: intervals)
        } catch {
            throw .numerical(error, context: "in the exponential-collocation weights for a step of \(h) days")
        }
        if weights.count >= Self.cacheLimit { weights.removeAll(keepingCapacity: true) }
        weights[h] = w
        return w
    }

    private func linearStep(_ w: CollocationWeights, p: inout [Double], integral: inout [Double], columns k: Int) {
        let p0 = Matrix(rows: count, cols: k, columnMajor: p)
        let added = w.integralOfNodes.multiplied(by: p0).storage
        for i in integral.indices { integral[i] += added[i] }
        p = w.propagators.multiplied(by: p0).storage
    }

    /// The outcome of one collocation step.
    private struct Attempt {
        var p: [Double]
        var integral: [Double]
        var error: Double
        var sweeps: Int
    }

    /// One step from `p`; `nil` when the fixed-point sweeps do not converge.
    private func attempt(_ w: CollocationWeights, p: [Double], columns k: Int, sweepTolerance: Double) -> Attempt? {
        let n = count, m = intervals
        let rowsP = n * m, rowsN = n * (m + 1)
        let linear = w.propagators.multiplied(by: Matrix(rows: n, cols: k, columnMajor: p)).storage
        var nodes = linear
        var nStorage = [Double](repeating: 0, count: rowsN * k)
        let minusB = division.map { -$0 }
        /// N at nodes 1…M from the node values.
        func fillN() {
            nodes.withUnsafeBufferPointer { np in
                nStorage.withUnsafeMutableBufferPointer { ns in
                    divisionTerm(minusB, from: np.baseAddress!, stride: rowsP, into: ns.baseAddress! + n, stride: rowsN, rows: rowsP, columns: k)
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
            let update = w.nodeWeights.multiplied(by: Matrix(rows: rowsN, cols: k, columnMajor: nStorage)).storage
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
        let nMatrix = Matrix(rows: rowsN, cols: k, columnMajor: nStorage)
        let error = w.errorWeights.multiplied(by: nMatrix).maxAbs
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
        var integral = w.integralOfNodes.multiplied(by: Matrix(rows: n, cols: k, columnMajor: sum)).storage
        let fromN = w.integralWeights.multiplied(by: nMatrix).storage
        for i in integral.indices { integral[i] += fromN[i] }
        return Attempt(p: end, integral: integral, error: error, sweeps: sweeps)
    }

    /// `dst[r + c·dstStride] = −b_i·(p∘p)` for rows r (compartment `i = r mod n`) of every
    /// column c, the product taken within each group of `order` columns as a Cauchy
    /// product of jets (`Σ_{j=0}^m p^{(j)} p^{(m−j)}` for coefficient m).
    private func divisionTerm(_ minusB: [Double], from src: UnsafePointer<Double>, stride ss: Int,
                              into dst: UnsafeMutablePointer<Double>, stride ds: Int, rows: Int, columns k: Int) {
        let n = count
        minusB.withUnsafeBufferPointer { b in
            if order == 1 {
                for c in 0..<k {
                    let from = src + c * ss, to = dst + c * ds
                    for base in Swift.stride(from: 0, to: rows, by: n) {
                        for i in 0..<n { let v = from[base + i]; to[base + i] = b[i] * v * v }
                    }
                }
                return
            }
            for c in 0..<k {
                let m = c % order, group = c - m
                let to = dst + c * ds
                for base in Swift.stride(from: 0, to: rows, by: n) {
                    for i in 0..<n {
                        let r = base + i
                        var s = 0.0
                        for j in 0...m { s += src[r + (group + j) * ss] * src[r + (group + m - j) * ss] }
                        to[r] = b[i] * s
                    }
                }
            }
        }
    }
}
