import Foundation
import LinearAlgebra
import RateModel

/// The exact step of the mean and the covariance over `h` days of one epoch.
///
/// With `Φ = e^{A·h}`, `g = ∫₀ʰ e^{A·s} ds·u` and `m = m(t)`:
///
///     m(t+h) = Φ·m + g,
///     Σ(t+h) = Φ·Σ(t)·Φᵀ + Σ_j m_j·W_j + W_u,
///
/// where `W_j` is the covariance at `t+h` of the descendants of one cell that
/// sits in compartment `j` at `t`, and `W_u` that of the cells entering by
/// inflow during the step (law of total covariance; cells are independent).
/// Boluses add to `m` only.
///
/// **Why not Van Loan's block method.** `W_j = ∫₀ʰ Φ(h−s)·D(Φ(s)e_j)·Φ(h−s)ᵀ ds`
/// couples three exponentials; that is a tensor product, not a block-triangular
/// product, so no O(n)-size block exponential yields it. The alternative, the
/// exponential of the full augmented system on `(vech Σ, m, 1)`, has size
/// `n(n+1)/2 + n + 1` and costs O(n⁶) flops per step (1,891 rows for n = 60).
///
/// **What runs instead: scaling and squaring on the semigroup.** The pair
/// `(Ψ, W)`, with `Ψ = [[Φ, g], [0, 1]]` and `W` the n²×(n+1) matrix whose
/// column `j` is `vec W_j` (column n is `vec W_u`), composes over two
/// consecutive steps of one epoch as
///
///     Ψ(2δ) = Ψ(δ)²,   W_j(2δ) = Φ(δ)·W_j(δ)·Φ(δ)ᵀ + Σ_k W_k(δ)·Ψ(δ)_kj,
///
/// (the second is the law of total covariance again). So the step is built as
/// in `Matrix.exponential()`: a Taylor series of the joint linear operator
/// `(Σ, v) ↦ (A·Σ + Σ·Aᵀ + D̂(v), Â·v)` at `δ = h/2ˢ` with `‖A·δ‖₁ ≤ 1/4`,
/// summed until terms fall below 1e-17 of the sum, then `s` doublings. `Ψ` is
/// carried as `E = Ψ − I` (`E ← 2E + E²`) so slow modes keep full relative
/// precision, as in `Matrix.exponential()`. There is no time-stepping error;
/// tests check variances against closed forms to 1e-9 relative.
///
/// Complexity: O((K + s)·n⁴) flops for K ≈ 15 Taylor terms and
/// `s = ⌈log₂(4‖A‖₁h)⌉` doublings, all products in BLAS `dgemm` (through
/// `Matrix.multiplied(by:)`); storage O(n³). Applying a step costs two `dgemm`
/// of size n and one `dgemv` over the packed upper triangles of W,
/// n(n+1)/2 × (n+1): O(n³).
package struct MomentStep: Sendable {
    package let count: Int
    package let phi: Matrix
    let phiTransposed: Matrix
    package let g: [Double]
    /// n(n+1)/2 × b, the upper triangles of the (symmetric) noise matrices:
    /// column `j < n` holds `W_j` and column n (when the epoch has inflow,
    /// b = n + 1; else b = n) `W_u`, entry (i, k) with i ≤ k at row
    /// `k(k+1)/2 + i`. Half of the full `vec W`, so applying a step reads
    /// half the memory.
    package let noise: Matrix

    /// Throws `.tooLarge` when a step of `n` compartments would need more than
    /// `RunBounds.momentBytes`: the Taylor sum and the doublings hold about
    /// eight n²·(n + 1) arrays of Doubles (64 GB for n = 2,000).
    package static func checkSize(_ n: Int) throws(EngineError) {
        let m = Double(n), bytes = 64 * m * m * (m + 1)
        guard bytes > RunBounds.momentBytes else { return }
        throw .tooLarge("too large for the exact moments: their step over \(n) connected compartments needs about "
            + "\(RunBounds.text(bytes / 1e9)) GB, more than the 4 GiB bound; use --method fast or exact")
    }

    /// Largest `‖A·δ‖₁` of the Taylor base step.
    static let taylorNorm = 0.25

    package init(rates: RateSet, over h: Double) throws(LinearAlgebraError) {
        let n = rates.count
        let a = MeanGenerator.matrix(rates)
        guard a.isFinite, h.isFinite, rates.inflow.allSatisfy(\.isFinite) else {
            throw .nonFinite(operation: "moment step")
        }
        let norm = a.oneNorm * h
        guard norm.isFinite else { throw .nonFinite(operation: "moment step (‖A‖·h overflows)") }
        let s = norm > Self.taylorNorm ? Int(ceil(log2(norm / Self.taylorNorm))) : 0
        let delta = scalbn(h, -s)
        let noiseOperator = CovarianceNoise(rates)
        // Without inflow, g = 0 and W_u = 0: the immigration block is left out of the work.
        let blocks = rates.hasInflow ? n + 1 : n
        var (e, w) = Self.taylor(a: a, inflow: rates.inflow, noise: noiseOperator, delta: delta, blocks: blocks)
        for _ in 0..<s { Self.double(e: &e, w: &w, count: n, blocks: blocks) }

        count = n
        var phi = e.block(row: 0, col: 0, rows: n, cols: n)
        for i in 0..<n { phi[i, i] += 1 }
        self.phi = phi
        phiTransposed = phi.transposed
        g = blocks > n ? (0..<n).map { e[$0, n] } : [Double](repeating: 0, count: n)
        let full = w.storage, packedRows = n * (n + 1) / 2
        var packed = [Double](repeating: 0, count: packedRows * blocks)
        for j in 0..<blocks {
            for k in 0..<n { for i in 0...k { packed[j * packedRows + k * (k + 1) / 2 + i] = full[j * n * n + i + k * n] } }
        }
        noise = Matrix(rows: packedRows, cols: blocks, columnMajor: packed)
        guard noise.isFinite && phi.isFinite else { throw .nonFinite(operation: "moment step") }
    }

    /// Scratch storage for `advance`, sized for steps of `count` compartments,
    /// so that a step allocates nothing.
    package struct Workspace {
        /// `(m, ι)`.
        var augmented: [Double]
        /// `Φ·Σ`.
        var product: Matrix
        /// The next mean.
        var mean: [Double]
        /// The noise `W·(m, ι)`, packed as `MomentStep.noise`'s rows.
        var noise: [Double]

        package init(count n: Int) {
            augmented = [Double](repeating: 0, count: n + 1)
            product = Matrix(rows: n, cols: n)
            mean = [Double](repeating: 0, count: n)
            noise = [Double](repeating: 0, count: n * (n + 1) / 2)
        }
    }

    /// Advances `(m, Σ)` by this step: `Σ ← Φ·Σ·Φᵀ + W·(m, ι)`, `m ← Φ·m + ι·g`,
    /// with `ι = 1` (the default) when the inflow's cells are part of the
    /// moments and `ι = 0` when they are accounted for elsewhere.
    ///
    /// From `Σ = 0` (counts known at the start of an interval) the sandwich
    /// is skipped. Allocates nothing: `work` holds the intermediates.
    /// Complexity: O(n³), two BLAS `dgemm` (none from `Σ = 0`), a `dgemv`
    /// and the packed noise `W·(m, ι)` over the compartments with a non-zero
    /// mean (`Matrix.multiplySparse`, n(n+1)/2 rows).
    package func advance(mean m: inout [Double], covariance sigma: inout Matrix, work: inout Workspace,
                         inflow: Double = 1) {
        precondition(m.count == count && sigma.rows == count && work.mean.count == count, "moment sizes differ")
        for i in 0..<count { work.augmented[i] = m[i] }
        work.augmented[count] = inflow
        let spread = sigma.storage.contains { $0 != 0 }
        if spread {
            work.product.setProduct(phi, sigma)
            sigma.setProduct(work.product, phiTransposed)
        }
        // Only compartments holding cells contribute noise: often few of them.
        noise.multiplySparse(work.augmented, into: &work.noise, accumulating: false)
        sigma.addSymmetric(packedUpper: work.noise, replacing: !spread)
        for i in 0..<count { work.mean[i] = inflow * g[i] }
        phi.multiply(m, into: &work.mean, accumulating: true)
        swap(&m, &work.mean)
    }

    /// `Ψ(δ) − I` and `W(δ)` (n × n(n+1), blocks side by side) by the Taylor
    /// series of the joint operator: with terms `V_k`, `S_k` (`V_0 = I`, `S_0 = 0`),
    /// `V_{k+1} = Â·V_k/(k+1)`, `S_{k+1} = (Ã·S_k + S_k·Ãᵀ + δ·D̂(V_k))/(k+1)`.
    /// With `blocks == n` (no inflow) the immigration block and the last row and
    /// column of `Ψ` are left out.
    private static func taylor(a: Matrix, inflow: [Double], noise: CovarianceNoise, delta: Double,
                               blocks: Int) -> (e: Matrix, w: Matrix) {
        let n = a.rows
        let size = n * n * blocks
        let aDelta = a.scaled(by: delta)
        var aHat = Matrix(rows: blocks, cols: blocks)
        aHat.setBlock(row: 0, col: 0, to: aDelta)
        if blocks > n { for i in 0..<n { aHat[i, n] = inflow[i] * delta } }

        var vTerm = Matrix.identity(blocks)
        var sTerm = [Double](repeating: 0, count: size)
        var sNew = sTerm
        var eSum = [Double](repeating: 0, count: blocks * blocks)
        var wSum = sTerm
        for k in 1...60 {
            let product = k > 1 ? aDelta.multiplied(by: Matrix(rows: n, cols: n * blocks, columnMajor: sTerm)).storage : sTerm
            let inverse = 1 / Double(k)
            var termMax = 0.0, sumMax = 0.0
            let checkNorms = k >= 6
            product.withUnsafeBufferPointer { pp in
                vTerm.storage.withUnsafeBufferPointer { v in
                    sNew.withUnsafeMutableBufferPointer { sp in
                        wSum.withUnsafeMutableBufferPointer { ws in
                            // S_k = (Ã·S + S·Ãᵀ + δ·D̂(V))/k = (P + Pᵀ + δ·D̂(V))/k with P = Ã·S (S symmetric):
                            // one pass over the upper triangle of each block, mirrored.
                            for j in 0..<blocks {
                                let o = j &* n &* n
                                for e in o..<(o &+ n &* n) { sp[e] = 0 }
                                noise.accumulate(v.baseAddress! + j &* blocks, count: blocks, scale: delta, into: sp.baseAddress! + o)
                                for c in 0..<n {
                                    for r in 0...c {
                                        let upper = o &+ r &+ c &* n, lower = o &+ c &+ r &* n
                                        let t = (sp[upper] + pp[upper] + pp[lower]) * inverse
                                        sp[upper] = t
                                        sp[lower] = t
                                        ws[upper] += t
                                        if r != c { ws[lower] += t }
                                        if checkNorms {
                                            termMax = max(termMax, abs(t))
                                            sumMax = max(sumMax, abs(ws[upper]))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&sTerm, &sNew)
            var v = aHat.multiplied(by: vTerm).storage
            var vMax = 0.0, eMax = 0.0
            for i in v.indices {
                v[i] *= inverse
                eSum[i] += v[i]
                vMax = max(vMax, abs(v[i]))
                eMax = max(eMax, abs(eSum[i]))
            }
            vTerm = Matrix(rows: blocks, cols: blocks, columnMajor: v)
            if k >= 6 && termMax <= 1e-17 * sumMax && vMax <= 1e-17 * eMax { break }
        }
        return (Matrix(rows: blocks, cols: blocks, columnMajor: eSum), Matrix(rows: n, cols: n * blocks, columnMajor: wSum))
    }

    /// One doubling: `W ← Φ·W·Φᵀ + W·(I + E)`, then `E ← 2E + E²`, with every
    /// `W_j` re-symmetrised. Four BLAS `dgemm` and O(n³) transposes.
    private static func double(e: inout Matrix, w: inout Matrix, count n: Int, blocks: Int) {
        let es = e.storage
        var phiStorage = [Double](repeating: 0, count: n * n)
        for c in 0..<n { for r in 0..<n { phiStorage[r + c * n] = es[r + c * blocks] } }
        for i in 0..<n { phiStorage[i + i * n] += 1 }
        let phi = Matrix(rows: n, cols: n, columnMajor: phiStorage)
        let p = phi.multiplied(by: w).storage
        // Φ·W_j·Φᵀ = (Φ·(Φ·W_j)ᵀ)ᵀ = Φ·(Φ·W_j)ᵀ for symmetric W_j.
        var pt = p
        p.withUnsafeBufferPointer { src in
            pt.withUnsafeMutableBufferPointer { dst in
                for j in 0..<blocks {
                    let o = j &* n &* n
                    for c in 0..<n { for r in 0..<n { dst[o &+ r &+ c &* n] = src[o &+ c &+ r &* n] } }
                }
            }
        }
        let sandwich = phi.multiplied(by: Matrix(rows: n, cols: n * blocks, columnMajor: pt)).storage
        let old = w.storage
        let mixed = Matrix(rows: n * n, cols: blocks, columnMajor: old).multiplied(by: e).storage
        var next = old
        sandwich.withUnsafeBufferPointer { sw in
            old.withUnsafeBufferPointer { od in
                mixed.withUnsafeBufferPointer { mx in
                    next.withUnsafeMutableBufferPointer { nx in
                        for j in 0..<blocks {
                            let o = j &* n &* n
                            for c in 0..<n {
                                for r in c..<n {
                                    let lower = o &+ r &+ c &* n, upper = o &+ c &+ r &* n
                                    let x = sw[lower] + od[lower] + mx[lower]
                                    let y = sw[upper] + od[upper] + mx[upper]
                                    let v = 0.5 * (x + y)
                                    nx[lower] = v
                                    nx[upper] = v
                                }
                            }
                        }
                    }
                }
            }
        }
        w = Matrix(rows: n, cols: n * blocks, columnMajor: next)
        var squared = e.multiplied(by: e).storage // (I + E)² − I = 2E + E²
        for i in squared.indices { squared[i] += 2 * es[i] }
        e = Matrix(rows: blocks, cols: blocks, columnMajor: squared)
    }
}
