import LinearAlgebra

/// The matrices of a `CollocationWeights` step that touch `N = −b∘p∘p` only
/// on the rows of the dividing compartments, and the node equations reduced
/// to those rows.
///
/// `N` is zero in every row of a compartment that does not divide, so the
/// weights' other columns multiply zeros: only the columns of the d dividing
/// compartments (`dividing`, within each of the M+1 node blocks of n columns)
/// are kept, an inner dimension of d(M+1) instead of n(M+1).
///
/// **Reduced node equations.** The nodes `P = 𝐄·p + 𝐖·N(P)` depend on one
/// another through `N`, that is through their dividing rows alone. So the
/// fixed point is found on those rows, `P_D = 𝐄_D·p + 𝐖_D·N(P_D)` ((dM)×n and
/// (dM)×d(M+1) weights), and the full step follows from the converged `N` by
/// the precomposed maps
///
///     p(h)   = e^{hL}·p + 𝐖_M·N,
///     ∫₀ʰ p  = δφ₁(δL)·(I + Σ_{j=1}^{M−1} e^{jδL})·p
///              + (δφ₁(δL)·Σ_{j=1}^{M−1} 𝐖_j + 𝐈)·N,
///
/// (𝐖_j the node-j rows of `nodeWeights`, 𝐈 the `integralWeights`): the same
/// collocation solution as sweeping every row, for O(M²d²) per column and sweep
/// instead of O(M²n·d). In a family most compartments do not divide (the
/// progenitors of a few tissues do). Building: O(M²n·d + M·n³).
struct CompactWeights {
    /// (dM)×n: the dividing rows of `e^{jδL}`, j = 1…M (row `(j−1)·d + a` is compartment `dividing[a]`).
    let propagators: Matrix
    /// (dM)×d(M+1): the dividing rows of `nodeWeights` on the kept columns.
    let nodeWeights: Matrix
    /// n×d(M+1): `errorWeights` on the kept columns.
    let errorWeights: Matrix
    /// n×n: `e^{hL}`, the last propagator.
    let endPropagator: Matrix
    /// n×d(M+1): the last node's rows of `nodeWeights` on the kept columns.
    let endWeights: Matrix
    /// n×n: `δφ₁(δL)·(I + Σ_{j=1}^{M−1} e^{jδL})`.
    let integralOfStart: Matrix
    /// n×d(M+1): `δφ₁(δL)·Σ_{j=1}^{M−1} 𝐖_j + 𝐈` on the kept columns.
    let integralWeights: Matrix
    /// (nM)×d(M+1): every row of `nodeWeights` on the kept columns (the full sweeps, `RiccatiStepper.fullSweeps`).
    let allNodeWeights: Matrix
    /// n×d(M+1): `integralWeights` alone on the kept columns (the full sweeps).
    let plainIntegralWeights: Matrix

    init(_ w: CollocationWeights, dividing: [Int]) {
        let n = w.count, m = w.intervals, d = dividing.count
        let columns = (0...m).flatMap { node in dividing.map { node * n + $0 } }
        let rows = (0..<m).flatMap { node in dividing.map { node * n + $0 } }
        func pick(_ a: Matrix, rows picked: [Int]?, columns kept: [Int]?) -> Matrix {
            let r = picked ?? Array(0..<a.rows), c = kept ?? Array(0..<a.cols)
            var storage = [Double](repeating: 0, count: r.count * c.count)
            a.storage.withUnsafeBufferPointer { s in
                for (cc, j) in c.enumerated() {
                    for (rr, i) in r.enumerated() { storage[rr + cc * r.count] = s[i + j * a.rows] }
                }
            }
            return Matrix(rows: r.count, cols: c.count, columnMajor: storage)
        }
        let keptColumns: [Int]? = columns.count == w.nodeWeights.cols ? nil : columns
        allNodeWeights = pick(w.nodeWeights, rows: nil, columns: keptColumns)
        errorWeights = pick(w.errorWeights, rows: nil, columns: keptColumns)
        plainIntegralWeights = pick(w.integralWeights, rows: nil, columns: keptColumns)
        propagators = pick(w.propagators, rows: rows, columns: nil)
        nodeWeights = pick(allNodeWeights, rows: rows, columns: nil)
        let last = Array(((m - 1) * n)..<(m * n))
        endPropagator = pick(w.propagators, rows: last, columns: nil)
        endWeights = pick(allNodeWeights, rows: last, columns: nil)
        var startSum = Matrix.identity(n)
        var nodeSum = Matrix(rows: n, cols: d * (m + 1))
        for j in 1..<m {
            let block = Array(((j - 1) * n)..<(j * n))
            startSum += pick(w.propagators, rows: block, columns: nil)
            nodeSum += pick(allNodeWeights, rows: block, columns: nil)
        }
        integralOfStart = w.integralOfNodes.multiplied(by: startSum)
        integralWeights = w.integralOfNodes.multiplied(by: nodeSum) + plainIntegralWeights
    }
}
