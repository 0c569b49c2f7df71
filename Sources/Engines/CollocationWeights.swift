import LinearAlgebra

/// The precomputed matrices of one exponential-collocation step of length `h`
/// for `dp/dσ = L·p + N(σ)`, `dJ/dσ = p`.
///
/// **Method** (exponential collocation; Hochbruck & Ostermann 2010, "Exponential
/// integrators", *Acta Numerica* 19:209). With `M` equal sub-intervals of length `δ = h/M`
/// and nodes `σ_j = j·δ` (j = 0…M), `N` is replaced by its degree-M
/// interpolating polynomial through the node values `N_i`, and the variation
/// of constants formula is integrated exactly:
///
///     p(σ_{j+1}) = e^{δL}·p(σ_j) + Σ_i G_i^{(j)}·N_i,
///     G_i^{(j)}  = δ·Σ_k a_{ik}^{(j)}·k!·φ_{k+1}(δL),
///     ∫_{σ_j}^{σ_{j+1}} p = δφ₁(δL)·p(σ_j) + Σ_i δ²·Σ_k a_{ik}^{(j)}·k!·φ_{k+2}(δL)·N_i,
///
/// where `ℓ_i(j + x) = Σ_k a_{ik}^{(j)} x^k` is the Lagrange basis on the
/// integer nodes and `φ_k(z) = Σ_{m≥0} z^m/(m+k)!`. The linear part is exact,
/// whatever the stiffness of `L`. All `φ_k(δL)`, k ≤ M+2, come from
/// `PhiFunctions` (scaling and modified squaring on n×n matrices).
///
/// Unrolled over the sub-intervals, the node values satisfy
/// `P = 𝐄·p(0) + 𝐖·N` with `𝐄` = (e^{jδL})_j and `𝐖` block lower-triangular:
/// one BLAS `dgemm` per fixed-point sweep. `errorWeights` is the difference
/// between the end-point weights of degree M and degree M−1 interpolation (on
/// nodes 0…M−1): `errorWeights·N` estimates the local error of the degree-(M−1)
/// rule, a safe upper estimate of that of the degree-M rule.
///
/// Complexity: `PhiFunctions` with K = M+2, O((20 + s)·M·n³) flops, plus O(M)
/// `dgemm` of n × n(M+1) and O(M³n²) for the combinations; storage O(M²n²).
struct CollocationWeights {
    let count: Int
    let intervals: Int
    /// (nM)×n: `e^{jδL}` for j = 1…M, stacked.
    let propagators: Matrix
    /// (nM)×n(M+1): node j (rows) from `N_i` (columns).
    let nodeWeights: Matrix
    /// n×n(M+1): end-point weights of degree M minus those of degree M−1.
    let errorWeights: Matrix
    /// n×n: `δ·φ₁(δL)`, applied to the sum of the node values 0…M−1.
    let integralOfNodes: Matrix
    /// n×n(M+1): the `N` part of `∫₀ʰ p`.
    let integralWeights: Matrix

    init(l: Matrix, step h: Double, intervals m: Int) throws(LinearAlgebraError) {
        precondition(m >= 1 && h > 0, "a collocation step needs M ≥ 1 and h > 0")
        let phi = try PhiFunctions.evaluate(l.scaled(by: h / Double(m)), upTo: m + 2).map(\.storage)
        self.init(phi: phi, size: l.rows, step: h, intervals: m)
    }

    /// The weights from `[φ₀ − I, φ₁, …, φ_{M+2}]` of `δL` (n×n, column-major), `δ = h/M`.
    init(phi evaluated: [[Double]], size n: Int, step h: Double, intervals m: Int) {
        precondition(m >= 1 && h > 0 && evaluated.count == m + 3, "a collocation step needs M ≥ 1, h > 0 and φ₀ … φ_{M+2}")
        let delta = h / Double(m)
        var phi = evaluated
        for i in 0..<n { phi[0][i + i * n] += 1 } // φ₀ = I + E
        var factorial = [1.0]
        for k in 1...(m + 1) { factorial.append(factorial[k - 1] * Double(k)) }
        let (high, low) = m < Self.tables.count ? Self.tables[m] : Self.lagrangeTables(m)

        /// `Σ_k c_k·k!·φ_{k+shift}` scaled by `scale`, for polynomial coefficients `c`.
        func combine(_ c: [Double], shift: Int, scale: Double, into out: UnsafeMutablePointer<Double>) {
            for (k, ck) in c.enumerated() where ck != 0 {
                let w = scale * ck * factorial[k]
                phi[k + shift].withUnsafeBufferPointer { f in
                    for e in 0..<(n * n) { out[e] += w * f[e] }
                }
            }
        }
        /// Row of blocks `[X_0 … X_M]` (n × n(M+1)) for the given Lagrange coefficients.
        func row(_ coefficients: [[Double]], shift: Int, scale: Double) -> Matrix {
            var storage = [Double](repeating: 0, count: n * n * (m + 1))
            storage.withUnsafeMutableBufferPointer { sp in
                for (i, c) in coefficients.enumerated() { combine(c, shift: shift, scale: scale, into: sp.baseAddress! + i * n * n) }
            }
            return Matrix(rows: n, cols: n * (m + 1), columnMajor: storage)
        }

        let ed = Matrix(rows: n, cols: n, columnMajor: phi[0])
        var propagators = Matrix(rows: n * m, cols: n)
        var nodeWeights = Matrix(rows: n * m, cols: n * (m + 1))
        var power = ed
        var highRow = Matrix(rows: n, cols: n * (m + 1))
        var lowRow = highRow
        var integral = highRow
        for j in 1...m {
            highRow = ed.multiplied(by: highRow)
            highRow += row(high[j - 1], shift: 1, scale: delta)
            lowRow = ed.multiplied(by: lowRow)
            lowRow += row(low[j - 1], shift: 1, scale: delta)
            integral += row(high[j - 1], shift: 2, scale: delta * delta)
            propagators.setBlock(row: (j - 1) * n, col: 0, to: power)
            nodeWeights.setBlock(row: (j - 1) * n, col: 0, to: highRow)
            if j < m { power = ed.multiplied(by: power) }
        }
        count = n
        intervals = m
        self.propagators = propagators
        self.nodeWeights = nodeWeights
        errorWeights = highRow - lowRow
        integralOfNodes = Matrix(rows: n, cols: n, columnMajor: phi[1]).scaled(by: delta)
        integralWeights = integral
    }

    /// `lagrangeTables(m)` for M = 0…8 (entry 0 unused), computed once.
    private static let tables = (0...8).map { $0 == 0 ? ([], []) : lagrangeTables($0) }

    /// Lagrange coefficients of `ℓ_i(j + x)` on every sub-interval j < M, for degree M
    /// (M+1 nodes, `high[j][i]`) and degree M−1 (M nodes, `low[j][i]`).
    static func lagrangeTables(_ m: Int) -> (high: [[[Double]]], low: [[[Double]]]) {
        ((0..<m).map { j in (0...m).map { i in lagrange(nodes: m + 1, node: i, shift: j) } },
         (0..<m).map { j in (0..<m).map { i in lagrange(nodes: m, node: i, shift: j) } })
    }

    /// Coefficients in `x` of `ℓ_i(shift + x)`, the Lagrange basis polynomial of
    /// node `i` on the integer nodes `0..<nodes`.
    static func lagrange(nodes: Int, node i: Int, shift: Int) -> [Double] {
        var poly = [1.0]
        var denominator = 1.0
        for j in 0..<nodes where j != i {
            var next = [Double](repeating: 0, count: poly.count + 1)
            for (d, c) in poly.enumerated() {
                next[d] += c * Double(shift - j)
                next[d + 1] += c
            }
            poly = next
            denominator *= Double(i - j)
        }
        return poly.map { $0 / denominator }
    }
}
