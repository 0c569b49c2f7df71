import LinearAlgebra
import RandomStreams

/// Integer counts with a given mean vector and covariance matrix: the normal
/// approximation to the descendants of many independent cells.
///
/// The counts at the end of an interval that started with `x_i` cells in
/// compartment i are a sum of `Σ x_i` independent vectors (one per starting
/// cell, its descendants), so for large `x_i` they are close to normal with
/// the exact mean `m` and covariance `Σ` (central limit theorem; the error in
/// any quantile is of order skewness/√x). This type turns (m, Σ) into counts:
///
/// - a compartment with `m_j ≥ 4·√Σ_jj` and `m_j ≥ 16` joins the normal
///   block, drawn jointly as `m + L·z` (L a pivoted Cholesky factor of Σ on
///   the block, z standard normal) and rounded stochastically,
///   `⌊y + U⌋` with U uniform, whose expectation is y: the mean stays exact;
///   clamping at 0 is then a 4-sd event;
/// - a compartment with a smaller mean (few descendants arrive there: a rare
///   route, a fast compartment) is drawn on its own with the same mean and
///   variance, negative binomial (`Poisson(Gamma(k, θ))` with
///   `k = m²/(Σ_jj − m)`, `θ = (Σ_jj − m)/m`) when `Σ_jj > m`, else Poisson(m).
///   Its correlation with the block is dropped.
///
/// Complexity: O(g³) for a block of g compartments (LAPACK `dpstrf_`), plus
/// O(n) draws; a value reused across draws allocates nothing.
struct NormalCounts {
    /// A compartment joins the normal block when its mean is at least this many sd.
    static let sdMargin = 4.0
    /// … and at least this many cells.
    static let minimumMean = 16.0

    /// Scratch storage reused from draw to draw (the fast engine draws at
    /// every interval): the block's members, its factor, normals, values.
    private var block: [Int] = []
    private var root = PivotedCholesky()
    private var z: [Double] = []
    private var y: [Double] = []

    init() {}

    /// Draws counts with mean `mean` and covariance `covariance` (n×n).
    static func draw<G: RandomNumberGenerator>(mean m: [Double], covariance sigma: Matrix, using rng: inout G) -> [Int] {
        var counts = [Int](repeating: 0, count: m.count)
        var work = NormalCounts()
        work.draw(mean: m, covariance: sigma, into: &counts, using: &rng)
        return counts
    }

    /// Draws counts with mean `mean` and covariance `covariance` (n×n) into
    /// `counts` (n entries, overwritten), allocating nothing once the scratch
    /// storage has grown to n.
    mutating func draw<G: RandomNumberGenerator>(mean m: [Double], covariance sigma: Matrix, into counts: inout [Int],
                                                 using rng: inout G) {
        let n = m.count
        precondition(counts.count == n && sigma.rows == n, "sizes differ")
        block.removeAll(keepingCapacity: true)
        for j in 0..<n {
            counts[j] = 0
            guard m[j] > 0 || m[j].isNaN else { continue }
            let variance = max(0, sigma[j, j])
            guard m[j] < Double(FastEngine.cellLimit) else {
                counts[j] = FastEngine.cellLimit + 1
                continue
            }
            if m[j] >= Self.minimumMean && m[j] >= Self.sdMargin * variance.squareRoot() {
                block.append(j)
            } else if let (shape, scale) = Self.gammaMixing(mean: m[j], variance: variance) {
                counts[j] = Sampler.poisson(mean: Sampler.gamma(shape: shape, scale: scale, using: &rng), using: &rng)
            } else {
                counts[j] = Sampler.poisson(mean: m[j], using: &rng)
            }
        }
        guard !block.isEmpty else { return }
        root.factor(sigma, rows: block)
        if z.count < root.rank + 1 { z = [Double](repeating: 0, count: root.rank + 1) }
        var k = 0
        while k < root.rank {
            (z[k], z[k + 1]) = Sampler.normalPair(using: &rng)
            k += 2
        }
        y.removeAll(keepingCapacity: true)
        for j in block { y.append(m[j]) }
        root.addProduct(z, to: &y)
        for (a, j) in block.enumerated() {
            let v = (y[a] + Sampler.uniform(using: &rng)).rounded(.down)
            // Past the engine's cell limit (or not a number): report just past
            // the limit, and the engine stops the replicate as diverged.
            counts[j] = v < Double(FastEngine.cellLimit) ? max(0, Int(v)) : FastEngine.cellLimit + 1
        }
    }

    /// The gamma (shape k, scale θ) whose Poisson mixture has mean m and
    /// variance v > m: `k = m²/(v − m)`, `θ = (v − m)/m`; nil when v ≤ m or
    /// the numbers leave the range of Double (a vanishing mean: Poisson then).
    static func gammaMixing(mean m: Double, variance v: Double) -> (shape: Double, scale: Double)? {
        guard v > m else { return nil }
        let shape = m * m / (v - m), scale = (v - m) / m
        return shape > 0 && shape.isFinite && scale > 0 && scale.isFinite ? (shape, scale) : nil
    }
}
