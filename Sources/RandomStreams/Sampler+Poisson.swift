import Foundation

extension Sampler {
    /// A Poisson variate: `P(X = k) = e^{−λ}·λᵏ/k!`, for `0 ≤ λ ≤ 2⁵²`.
    ///
    /// - `λ = 0` returns 0 without drawing.
    /// - `λ < 10`: inversion by sequential search (`poissonInversion`), one
    ///   uniform, O(1 + λ) work. Exact up to the 2⁻⁵³ lattice of `uniform`, so
    ///   `P(X > 0) = 1 − e^{−λ}` is reproduced even for λ = 1e-8 (relative
    ///   error ~1e-8 there; means below ~1e-15 are quantised to multiples of 2⁻⁵³).
    /// - `λ ≥ 10`: Hörmann's transformed rejection with squeeze, PTRS
    ///   (`poissonPTRS`), O(1) expected work at any λ.
    ///
    /// - `λ > 2⁵²` (beyond the exact domain: a Double no longer resolves the
    ///   result's integer part): the normal law `N(λ, λ)` rounded, whose
    ///   distance from the Poisson law is O(λ^{−1/2}) < 2⁻²⁶, clamped to
    ///   `[0, Int.max]` (so a mean near 2⁶³ or above saturates at `Int.max`).
    ///   The engines never ask for such means (`ModelBounds` keeps counts and
    ///   arrivals below 2⁵⁰); the branch exists so that no finite mean traps.
    ///
    /// - Precondition: `mean` is finite and `≥ 0` (anything else is a
    ///   programmer error: rates are validated non-negative and finite).
    @inlinable
    public static func poisson(mean: Double, using rng: inout some RandomNumberGenerator) -> Int {
        precondition(mean >= 0 && mean.isFinite, "Poisson mean must be finite and >= 0, got \(mean)")
        if mean == 0 { return 0 }
        if mean < 10 { return poissonInversion(mean: mean, using: &rng) }
        if mean > 0x1p52 { return roundedNormal(mean: mean, variance: mean, upTo: Int.max, using: &rng) }
        return poissonPTRS(mean: mean, using: &rng)
    }

    /// `N(mean, variance)` rounded to an integer and clamped to `[0, upper]`:
    /// the far tail of the Poisson and binomial samplers, beyond their exact
    /// domain. O(1): two uniforms.
    @inlinable
    static func roundedNormal(mean: Double, variance: Double, upTo upper: Int,
                              using rng: inout some RandomNumberGenerator) -> Int {
        let x = (mean + variance.squareRoot() * normalPair(using: &rng).0).rounded()
        if !(x > 0) { return 0 }
        if x >= Double(upper) { return upper } // Double(Int.max) = 2⁶³ itself: compared before converting
        return Int(x)
    }

    /// Poisson by inversion: the smallest k with `F(k) ≥ u`, `F` summed upward.
    ///
    /// `p₀ = e^{−λ}`, `p_{k+1} = p_k·λ/(k+1)`, `F(k) = Σ_{j≤k} p_j`; the search
    /// stops at the first k with `u ≤ F(k)`. Should rounding leave `u` above
    /// every partial sum (u within ~1e-16 of 1), the search stops where adding
    /// `p_k` no longer changes `F`: that k is already beyond the 1 − 1e-16
    /// quantile. For λ < 10, `e^{−λ} > 4.5e-5`, so nothing underflows.
    /// Expected iterations `1 + λ`.
    @inlinable
    static func poissonInversion(mean lambda: Double, using rng: inout some RandomNumberGenerator) -> Int {
        let u = uniform(using: &rng)
        var p = exp(-lambda)
        var cdf = p
        var k = 0
        while u > cdf {
            k += 1
            p *= lambda / Double(k)
            let next = cdf + p
            if next == cdf { break }
            cdf = next
        }
        return k
    }

    /// Poisson by transformed rejection with squeeze (PTRS), for λ ≥ 10.
    ///
    /// W. Hörmann (1993), "The transformed rejection method for generating
    /// Poisson random variables", Insurance: Mathematics and Economics
    /// 12:39–45, algorithm PTRS. With `U` uniform on (−½, ½), `V` uniform on
    /// (0, 1) and `u_s = ½ − |U|`, the proposal is
    /// `k = ⌊(2a/u_s + b)·U + λ + 0.43⌋`, a discretised hat whose density is
    /// proportional to `a/u_s² + b`. The paper's setup constants:
    ///
    ///     b = 0.931 + 2.53·√λ,  a = −0.059 + 0.02483·b,
    ///     1/α = 1.1239 + 1.1328/(b − 3.4),  v_r = 0.9277 − 3.6224/(b − 2).
    ///
    /// Accept at once if `u_s ≥ 0.07` and `V ≤ v_r` (the squeeze); reject if
    /// `k < 0` or (`u_s < 0.013` and `V > u_s`); otherwise accept iff
    /// `log(V/α) − log(a/u_s² + b) ≤ log Pois(k; λ)`.
    ///
    /// Numerics for huge λ: `λ + 0.43` is split into its integer part and a
    /// fraction, so `k` is an exact integer sum; the log-probability uses
    /// Loader's saddle-point form (`ProbabilityMass`) instead of
    /// `k·log λ − λ − lgamma(k+1)`, which at λ = 1e9 would carry an absolute
    /// error of ~1e-6 from cancelling terms of size 2e10. Proposals far in the
    /// tails (tiny `u_s`) are compared in Double before any Int conversion.
    /// O(1) expected work: measured 2.66 uniforms per variate at λ = 10 and
    /// 2.25 for λ ≥ 1e4 (1.33 and 1.12 trials).
    @inlinable
    static func poissonPTRS(mean lambda: Double, using rng: inout some RandomNumberGenerator) -> Int {
        let b = 0.931 + 2.53 * lambda.squareRoot()
        let a = -0.059 + 0.02483 * b
        let logInverseAlpha = log(1.1239 + 1.1328 / (b - 3.4))
        let vr = 0.9277 - 3.6224 / (b - 2)
        let shifted = lambda + 0.43
        let base = shifted.rounded(.down)   // integer part, exact
        let fraction = shifted - base       // exact
        while true {
            let u = uniform(using: &rng) - 0.5
            let v = uniform(using: &rng)
            let us = 0.5 - abs(u)
            let k = base + ((2 * a / us + b) * u + fraction).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = log(v) + logInverseAlpha - log(a / (us * us) + b)
            if lhs <= ProbabilityMass.logPoissonUnchecked(k, mean: lambda) { return Int(k) }
        }
    }
}
