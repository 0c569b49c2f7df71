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
/// `dgemv` for up to three columns; they contract like `2·max(b∘p)·h`). Step sizes are
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
/// **Only the dividing rows.** `N = −b∘p∘p` is zero in the rows of
/// compartments that do not divide, so the weights that multiply N keep only
/// the columns of the d dividing compartments, and the node equations couple
/// the nodes through those rows alone: the sweeps solve for the nodes'
/// dividing rows, and `p(h)` and `∫₀ʰ p` follow from the converged N by
/// precomposed maps (`CompactWeights`, kept per step length; `attempt`).
///
/// Complexity per accepted step: K_it ≈ 5 sweeps of O(M²d²·K) flops for K
/// columns and d dividing compartments, plus O((n² + M·n·d)·K) for the
/// propagators, the error estimate, the end value and the integral, plus one
/// `CollocationWeights` (O(M·n³) from the ladder, one
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
    let dividing: [Int]
    /// Whether the fixed-point sweeps run on every node row (the earlier form, kept for tests) rather
    /// than on the dividing rows alone (`attempt`, `CompactWeights`).
    let fullSweeps: Bool
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
    /// `fullSweeps` sweeps every node row (the earlier, costlier form of the same step; for tests).
    init(block: BranchingBlock, tolerance: Double, order: Int = 1, store: CollocationStore, fullSweeps: Bool = false) {
        self.init(generator: block.generator, division: block.division, tolerance: tolerance, order: order, store: store,
                  isRestriction: false, fullSweeps: fullSweeps)
    }

    private init(generator: Matrix, division: [Double], tolerance: Double, order: Int, store: CollocationStore, isRestriction: Bool,
                 fullSweeps: Bool) {
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
        self.fullSweeps = fullSweeps
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
                              isRestriction: true, fullSweeps: fullSweeps)
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
}
