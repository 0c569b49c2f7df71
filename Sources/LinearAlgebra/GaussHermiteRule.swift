/// The n-point Gauss–Hermite rule for the standard normal law: nodes `x_i`
/// and weights `w_i` with `E[g(Z)] ≈ Σ_i w_i·g(x_i)`, `Z ~ N(0, 1)`, exact
/// for every polynomial g of degree ≤ 2n − 1.
///
/// Computed, not tabulated. The polynomials orthonormal for the standard
/// normal density satisfy `√(k+1)·p_{k+1}(x) = x·p_k(x) − √k·p_{k−1}(x)`
/// (`p_0 = 1`), so by Golub–Welsch (Math. Comp. 23:221, 1969) the nodes are
/// the eigenvalues of the symmetric tridiagonal Jacobi matrix with zero
/// diagonal and off-diagonal `√1, √2, …, √(n−1)` (LAPACK `dstev_` through
/// `BLAS.stev`). Each weight is the Christoffel number
/// `w_i = 1 / Σ_{k<n} p_k(x_i)²` (equal to the squared first component of the
/// node's unit eigenvector, but accurate to rounding relative to itself even
/// where it is 1e-30, which the eigenvector's component is not). The rule is
/// then made exactly symmetric (`x_{n−1−i} = −x_i`, `w_{n−1−i} = w_i`, each
/// pair averaged; the middle node of an odd rule is 0) and the weights are
/// divided by their sum.
///
/// Complexity O(n²) flops, once per rule.
public struct GaussHermiteRule: Sendable, Hashable {
    /// The largest number of points a rule may have: beyond it the smallest
    /// weights underflow and nothing is gained in double precision.
    public static let maximumPoints = 100

    /// Nodes in increasing order.
    public let nodes: [Double]
    /// Weights, positive, summing to 1.
    public let weights: [Double]

    /// The rule with `points` nodes.
    ///
    /// - Precondition: `1 ≤ points ≤ maximumPoints`.
    public init(points: Int) {
        precondition(points >= 1 && points <= Self.maximumPoints,
                     "a Gauss–Hermite rule has 1 to \(Self.maximumPoints) points, got \(points)")
        let n = points
        let values = BLAS.stev(diagonal: [Double](repeating: 0, count: n), offDiagonal: (1..<max(n, 1)).map { Double($0).squareRoot() })
        let raw = values.map { x in
            var (previous, current, sum) = (0.0, 1.0, 1.0)
            for k in stride(from: 1, to: n, by: 1) {
                (previous, current) = (current, (x * current - Double(k - 1).squareRoot() * previous) / Double(k).squareRoot())
                sum += current * current
            }
            return 1 / sum
        }
        var x = values, w = raw
        for i in 0..<(n / 2) {
            let j = n - 1 - i
            let node = (values[j] - values[i]) / 2, weight = (raw[i] + raw[j]) / 2
            (x[i], x[j], w[i], w[j]) = (-node, node, weight, weight)
        }
        if n % 2 == 1 { x[n / 2] = 0 }
        let total = w.reduce(0, +)
        nodes = x
        weights = w.map { $0 / total }
    }
}
