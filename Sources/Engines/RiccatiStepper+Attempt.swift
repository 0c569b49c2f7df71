import LinearAlgebra

/// One collocation step of `RiccatiStepper`: the fixed-point sweeps of the
/// node equations, the error estimate, the end value and the integral.
extension RiccatiStepper {
    /// The outcome of one collocation step.
    struct Attempt {
        var p: [Double]
        var integral: [Double]
        var error: Double
        var sweeps: Int
    }

    /// One step from `p` (n×K); `nil` when the fixed-point sweeps do not converge.
    ///
    /// The sweeps run on the dividing rows of the nodes only (`CompactWeights`):
    /// `P_D ← 𝐄_D·p + 𝐖_D·N(P_D)`, one `dgemm` of (dM)×d(M+1) by d(M+1)×K each,
    /// until the largest change of a node value is at most `sweepTolerance`.
    /// From the converged `N`: the error estimate, `p(h)` and `∫₀ʰ p`, one
    /// `dgemm` pair each. O(M²d²·K) per sweep, O((n² + M·n·d)·K) for the rest.
    /// With `fullSweeps` every node row is swept as well (the earlier form,
    /// O(M²n·d·K) per sweep), kept to check the reduced one against.
    func attempt(_ w: CollocationWeights, _ c: CompactWeights, p: [Double], columns k: Int, sweepTolerance: Double) -> Attempt? {
        if fullSweeps { return attemptAllRows(w, c, p: p, columns: k, sweepTolerance: sweepTolerance) }
        let d = dividing.count
        guard let swept = sweptNodes(propagators: c.propagators, weights: c.nodeWeights, p: p, block: d,
                                     picks: Array(0..<d), columns: k, sweepTolerance: sweepTolerance)
        else { return nil }
        let nStorage = swept.n, sweeps = swept.sweeps
        let error = Self.product(c.errorWeights, nStorage, columns: k).reduce(0) { max($0, abs($1)) }
        var end = Self.product(c.endPropagator, p, columns: k)
        let endN = Self.product(c.endWeights, nStorage, columns: k)
        for i in end.indices { end[i] += endN[i] }
        var integral = Self.product(c.integralOfStart, p, columns: k)
        let integralN = Self.product(c.integralWeights, nStorage, columns: k)
        for i in integral.indices { integral[i] += integralN[i] }
        return Attempt(p: end, integral: integral, error: error, sweeps: sweeps)
    }

    /// The converged node values of a step from `p` and the division term N of `p` and every node:
    /// `nodes ← propagators·p + weights·N(nodes)` swept to `sweepTolerance`, the node blocks of
    /// `block` rows with the dividing compartments at rows `picks` of each (all n rows with
    /// `dividing` for the full sweeps, the d dividing rows with 0..<d for the reduced ones).
    /// Returns nodes, N (d(M+1)×K, refreshed from the converged nodes) and the number of sweeps;
    /// nil when the sweeps diverge or stall.
    private func sweptNodes(propagators: Matrix, weights: Matrix, p: [Double], block: Int, picks: [Int], columns k: Int,
                            sweepTolerance: Double) -> (nodes: [Double], n: [Double], sweeps: Int)? {
        let n = count, d = dividing.count
        let rowsP = block * intervals, rowsN = d * (intervals + 1)
        let linear = Self.product(propagators, p, columns: k)
        var nodes = linear
        var nStorage = [Double](repeating: 0, count: rowsN * k)
        let minusB = dividing.map { -division[$0] }
        p.withUnsafeBufferPointer { pp in
            nStorage.withUnsafeMutableBufferPointer { ns in
                divisionTerm(minusB, from: pp.baseAddress!, stride: n, block: n, picks: dividing,
                             into: ns.baseAddress!, stride: rowsN, rows: n, columns: k)
            }
        }
        func fillN() {
            nodes.withUnsafeBufferPointer { np in
                nStorage.withUnsafeMutableBufferPointer { ns in
                    divisionTerm(minusB, from: np.baseAddress!, stride: rowsP, block: block, picks: picks,
                                 into: ns.baseAddress! + d, stride: rowsN, rows: rowsP, columns: k)
                }
            }
        }
        guard let sweeps = sweep(weights: weights, linear: linear, nodes: &nodes, fillN: fillN,
                                 n: &nStorage, columns: k, tolerance: sweepTolerance) else { return nil }
        fillN()
        return (nodes, nStorage, sweeps)
    }

    /// Fixed-point sweeps `nodes ← linear + weights·N(nodes)` (N refreshed by `fillN` into `n`) until the
    /// largest change is at most `tolerance`: the number of sweeps, or nil when they diverge or stall.
    private func sweep(weights: Matrix, linear: [Double], nodes: inout [Double], fillN: () -> Void, n nStorage: inout [Double],
                       columns k: Int, tolerance: Double) -> Int? {
        var previous = Double.infinity
        var sweeps = 0
        while sweeps < Self.maxSweeps {
            sweeps += 1
            fillN()
            let update = Self.product(weights, nStorage, columns: k)
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
            if change <= tolerance { return sweeps }
            if sweeps > 4 + 2 * (order - 1) && change > 0.7 * previous { return nil }
            previous = change
        }
        return nil
    }

    /// The step with every node row swept (`fullSweeps`): `P ← 𝐄·p + 𝐖·N(P)` on all nM rows,
    /// `p(h)` the last node, `∫₀ʰ p = δφ₁(δL)·(p + Σ_{j<M} P_j) + 𝐈·N`. O(M²n·d·K) per sweep.
    private func attemptAllRows(_ w: CollocationWeights, _ c: CompactWeights, p: [Double], columns k: Int,
                                sweepTolerance: Double) -> Attempt? {
        let n = count, m = intervals
        let rowsP = n * m
        guard let swept = sweptNodes(propagators: w.propagators, weights: c.allNodeWeights, p: p, block: n,
                                     picks: dividing, columns: k, sweepTolerance: sweepTolerance)
        else { return nil }
        let nodes = swept.nodes, nStorage = swept.n, sweeps = swept.sweeps
        let error = Self.product(c.errorWeights, nStorage, columns: k).reduce(0) { max($0, abs($1)) }
        var end = [Double](repeating: 0, count: n * k)
        var sum = p
        for col in 0..<k {
            for i in 0..<n {
                end[i + col * n] = nodes[col * rowsP + (m - 1) * n + i]
                var s = sum[i + col * n]
                for j in 0..<(m - 1) { s += nodes[col * rowsP + j * n + i] }
                sum[i + col * n] = s
            }
        }
        var integral = Self.product(w.integralOfNodes, sum, columns: k)
        let fromN = Self.product(c.plainIntegralWeights, nStorage, columns: k)
        for i in integral.indices { integral[i] += fromN[i] }
        return Attempt(p: end, integral: integral, error: error, sweeps: sweeps)
    }

    /// `dst[a + node·d + c·dstStride] = −b·(p∘p)` of the row `picks[a]` of every node block of
    /// `block` rows of the source (rows `node·block + picks[a]`, `rows` rows in all) and every
    /// column c, the product taken within each group of `order` columns as a Cauchy product of
    /// jets (`Σ_{j=0}^m p^{(j)} p^{(m−j)}` for coefficient m). `minusB[a]` is `−b` of `dividing[a]`.
    func divisionTerm(_ minusB: [Double], from src: UnsafePointer<Double>, stride ss: Int, block: Int, picks: [Int],
                      into dst: UnsafeMutablePointer<Double>, stride ds: Int, rows: Int, columns k: Int) {
        let d = picks.count
        minusB.withUnsafeBufferPointer { b in
            picks.withUnsafeBufferPointer { rows2 in
                if order == 1 {
                    for c in 0..<k {
                        let from = src + c * ss, to = dst + c * ds
                        for (node, base) in Swift.stride(from: 0, to: rows, by: block).enumerated() {
                            for a in 0..<d { let v = from[base + rows2[a]]; to[node * d + a] = b[a] * v * v }
                        }
                    }
                    return
                }
                for c in 0..<k {
                    let m = c % order, group = c - m
                    let to = dst + c * ds
                    for (node, base) in Swift.stride(from: 0, to: rows, by: block).enumerated() {
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

    /// `a·x` for the column-major a.cols×k matrix x: BLAS `dgemv` per column
    /// for a few columns (which, unlike `dgemm`, does not repack a on every
    /// call), `dgemm` otherwise (`Matrix.multiplied(byColumns:count:)`).
    static func product(_ a: Matrix, _ x: [Double], columns k: Int) -> [Double] {
        a.multiplied(byColumns: x, count: k)
    }
}
