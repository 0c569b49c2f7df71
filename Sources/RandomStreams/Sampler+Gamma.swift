import Foundation

extension Sampler {
    /// A gamma variate with density `x^{k−1}·e^{−x/θ} / (Γ(k)·θᵏ)`, shape k, scale θ.
    ///
    /// G. Marsaglia & W. W. Tsang (2000), "A simple method for generating
    /// gamma variables", ACM Trans. Math. Softw. 26(3):363–372. For k ≥ 1,
    /// with `d = k − ⅓` and `c = 1/√(9d)`: draw Z ~ N(0, 1), set
    /// `V = (1 + c·Z)³`, reject if `V ≤ 0`, draw U uniform, and return `d·V` if
    /// `U < 1 − 0.0331·Z⁴` (squeeze) or `log U < Z²/2 + d·(1 − V + log V)`.
    /// The acceptance rate exceeds 0.951 at k = 1 and grows with k (0.981 at
    /// k = 2, 0.996 at k = 8; paper's abstract); both normals of each
    /// Box–Muller pair are used.
    ///
    /// For k < 1 the paper's boost: `G(k) = G(k+1)·U^{1/k}`, computed as
    /// `exp(log U / k)`. For very small k most of the mass lies below the
    /// smallest Double (e.g. `P(X < 1e-308) ≈ 0.49` at k = 0.001), so such
    /// draws return 0: a limit of Double, not of the method.
    ///
    /// Complexity O(1) expected. - Precondition: `shape`, `scale` finite and > 0.
    @inlinable
    public static func gamma(shape: Double, scale: Double, using rng: inout some RandomNumberGenerator) -> Double {
        precondition(shape > 0 && shape.isFinite, "gamma shape must be finite and > 0, got \(shape)")
        precondition(scale > 0 && scale.isFinite, "gamma scale must be finite and > 0, got \(scale)")
        if shape < 1 {
            let g = standardGamma(shapeAtLeastOne: shape + 1, using: &rng)
            return scale * g * exp(log(uniform(using: &rng)) / shape)
        }
        return scale * standardGamma(shapeAtLeastOne: shape, using: &rng)
    }

    /// Marsaglia–Tsang for shape ≥ 1 and scale 1 (see `gamma(shape:scale:using:)`).
    @inlinable
    static func standardGamma(shapeAtLeastOne shape: Double, using rng: inout some RandomNumberGenerator) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let (z1, z2) = normalPair(using: &rng)
            if let g = marsagliaTsangTrial(z1, d: d, c: c, using: &rng) { return g }
            if let g = marsagliaTsangTrial(z2, d: d, c: c, using: &rng) { return g }
        }
    }

    /// One Marsaglia–Tsang trial for the normal `z`: `d·V` if accepted, else nil.
    @inlinable
    static func marsagliaTsangTrial(_ z: Double, d: Double, c: Double,
                                    using rng: inout some RandomNumberGenerator) -> Double? {
        let t = 1 + c * z
        guard t > 0 else { return nil }
        let v = t * t * t
        let u = uniform(using: &rng)
        let z2 = z * z
        if u < 1 - 0.0331 * z2 * z2 { return d * v }
        if log(u) < 0.5 * z2 + d * (1 - v + log(v)) { return d * v }
        return nil
    }
}
