import Foundation

extension Sampler {
    /// Two independent standard normal variates (Box–Muller).
    ///
    /// G. E. P. Box & M. E. Muller (1958), "A note on the generation of random
    /// normal deviates", Ann. Math. Statist. 29:610–611: with `U₁, U₂`
    /// uniform on (0, 1), `R = √(−2·log U₁)` and `Θ = 2π·U₂`,
    /// `(R·cos Θ, R·sin Θ)` are independent N(0, 1). Exactly two uniforms per
    /// call (a deterministic budget, unlike the polar method's rejection), so
    /// a stream's position after n calls is known. `U₁ ≥ 2⁻⁵³` bounds
    /// `|Z| ≤ √(106·ln 2) ≈ 8.57`; the tail beyond has probability ~1e-17.
    /// Complexity O(1): one log, one square root, one cos and one sin.
    @inlinable
    public static func normalPair(using rng: inout some RandomNumberGenerator) -> (Double, Double) {
        let r = (-2 * log(uniform(using: &rng))).squareRoot()
        let theta = 2 * Double.pi * uniform(using: &rng)
        return (r * cos(theta), r * sin(theta))
    }

    /// A normal variate `N(mean, sd²)`: `mean + sd·Z` with Z the first of a
    /// Box–Muller pair (the second is discarded; use `normalPair` to keep it).
    ///
    /// Two uniforms per call. - Precondition: `sd` finite and ≥ 0, `mean` finite.
    @inlinable
    public static func normal(mean: Double, sd: Double, using rng: inout some RandomNumberGenerator) -> Double {
        precondition(mean.isFinite, "normal mean must be finite, got \(mean)")
        precondition(sd >= 0 && sd.isFinite, "normal sd must be finite and ≥ 0, got \(sd)")
        return mean + sd * normalPair(using: &rng).0
    }

    /// A lognormal variate `exp(μ + σ·Z)`, Z standard normal.
    ///
    /// Its median is `e^μ`, mean `e^{μ+σ²/2}`, and coefficient of variation
    /// `√(e^{σ²} − 1)`. Two uniforms per call (see `normal`).
    ///
    /// - Precondition: `mu` finite, `sigma` finite and ≥ 0.
    @inlinable
    public static func lognormal(mu: Double, sigma: Double, using rng: inout some RandomNumberGenerator) -> Double {
        exp(normal(mean: mu, sd: sigma, using: &rng))
    }

    /// A lognormal variate with the given mean and coefficient of variation (sd/mean).
    ///
    /// Inverts the moments above: `σ² = log(1 + cv²)` (as `log1p`, exact for
    /// small cv) and `μ = log(mean) − σ²/2`, then draws `lognormal(mu:sigma:)`.
    ///
    /// - Precondition: `mean` finite and > 0, `coefficientOfVariation` finite and ≥ 0.
    @inlinable
    public static func lognormal(mean: Double, coefficientOfVariation cv: Double,
                                 using rng: inout some RandomNumberGenerator) -> Double {
        precondition(mean > 0 && mean.isFinite, "lognormal mean must be finite and > 0, got \(mean)")
        precondition(cv >= 0 && cv.isFinite, "coefficient of variation must be finite and ≥ 0, got \(cv)")
        let variance = log1p(cv * cv)
        return lognormal(mu: log(mean) - variance / 2, sigma: variance.squareRoot(), using: &rng)
    }
}
