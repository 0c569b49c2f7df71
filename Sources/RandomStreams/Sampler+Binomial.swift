import Foundation

extension Sampler {
    /// A binomial variate: `P(X = k) = C(n,k)·pᵏ·(1−p)^{n−k}`, for `n ≤ 2⁵³`.
    ///
    /// - `n = 0` or `p = 0` returns 0 and `p = 1` returns n, without drawing.
    /// - `p > ½` uses the symmetry `Bin(n, p) = n − Bin(n, 1−p)`; `1 − p` is
    ///   exact there (Sterbenz's lemma), so p = 0.999999 is handled as the
    ///   small probability it complements. Below, `s = min(p, 1−p)`.
    /// - `n·s < 10`: inversion by sequential search (`binomialInversion`),
    ///   one uniform, O(1 + n·s) work.
    /// - `n·s ≥ 10`: Hörmann's transformed rejection with squeeze, BTRS
    ///   (`binomialBTRS`), O(1) expected work at any n.
    ///
    /// - `n > 2⁵³` (beyond the exact domain: counts are no longer exact in a
    ///   Double): with `s = min(p, 1−p)`, the Poisson law of mean `n·s` when
    ///   `n·s < 2⁴⁰` (then `s < 2⁻¹³` and the law of rare events is exact to
    ///   O(s)), else the normal law `N(n·s, n·s(1−s))` rounded; clamped to `[0, n]`.
    ///   The engines never ask for such counts (`ModelBounds` keeps counts
    ///   below 2⁵⁰); the branch exists so that no count traps.
    ///
    /// - Precondition: `count ≥ 0`, `0 ≤ probability ≤ 1` (programmer errors).
    @inlinable
    public static func binomial(count n: Int, probability p: Double,
                                using rng: inout some RandomNumberGenerator) -> Int {
        precondition(n >= 0, "binomial count must be >= 0, got \(n)")
        precondition(p >= 0 && p <= 1, "binomial probability must be in [0, 1], got \(p)")
        if n == 0 || p == 0 { return 0 }
        if p == 1 { return n }
        if n > 1 << 53 {
            let nd = Double(n), small = min(p, 1 - p)
            let k = nd * small < 0x1p40 ? min(n, poisson(mean: nd * small, using: &rng))
                : roundedNormal(mean: nd * small, variance: nd * small * (1 - small), upTo: n, using: &rng)
            return p > 0.5 ? n - k : k
        }
        if p > 0.5 { return n - binomialSmall(count: n, probability: 1 - p, using: &rng) }
        return binomialSmall(count: n, probability: p, using: &rng)
    }

    /// `Bin(n, p)` for `0 < p ≤ ½`: chooses inversion or BTRS at `n·p = 10`.
    @inlinable
    static func binomialSmall(count n: Int, probability p: Double,
                              using rng: inout some RandomNumberGenerator) -> Int {
        if Double(n) * p < 10 { return binomialInversion(count: n, probability: p, using: &rng) }
        return binomialBTRS(count: n, probability: p, using: &rng)
    }

    /// Binomial by inversion: the smallest k with `F(k) ≥ u`, for `n·p < 10`.
    ///
    /// `f(0) = (1−p)ⁿ` is computed as `exp(n·log1p(−p))`: for n = 1e9 and
    /// p = 1e-12 this is `exp(−1e-3)` to full precision, where `pow(1 − p, n)`
    /// would first round `1 − p` and lose four digits. Then
    /// `f(k+1) = f(k)·(n−k)/(k+1)·p/(1−p)`. As `n·p < 10` and `p ≤ ½`,
    /// `−log(1−p) ≤ p + p²` gives `f(0) ≥ e^{−15} > 3e-7`: nothing underflows.
    /// If rounding leaves `u` above every partial sum, the search stops where
    /// `f(k)` no longer changes the sum (beyond the 1 − 1e-16 quantile) or at
    /// k = n.
    /// Expected iterations `1 + n·p`.
    @inlinable
    static func binomialInversion(count n: Int, probability p: Double,
                                  using rng: inout some RandomNumberGenerator) -> Int {
        let u = uniform(using: &rng)
        let odds = p / (1 - p)
        var f = exp(Double(n) * log1p(-p))
        var cdf = f
        var k = 0
        while u > cdf && k < n {
            f *= odds * Double(n - k) / Double(k + 1)
            k += 1
            let next = cdf + f
            if next == cdf { break }
            cdf = next
        }
        return k
    }

    /// Binomial by transformed rejection with squeeze (BTRS), for `n·p ≥ 10`, `p ≤ ½`.
    ///
    /// W. Hörmann (1993), "The generation of binomial random variates",
    /// J. Statist. Comput. Simul. 46:101–110, algorithm BTRS. With `U` uniform
    /// on (−½, ½), `V` uniform on (0, 1), `u_s = ½ − |U|` and `q = 1 − p`:
    ///
    ///     σ = √(npq),  b = 1.15 + 2.53·σ,  a = −0.0873 + 0.0248·b + 0.01·p,
    ///     c = np + 0.5,  v_r = 0.92 − 4.2/b,  α = (2.83 + 5.1/b)·σ,
    ///     m = ⌊(n+1)·p⌋ (the mode),
    ///     k = ⌊(2a/u_s + b)·U + c⌋.
    ///
    /// Reject if `k ∉ [0, n]`; accept at once if `u_s ≥ 0.07` and `V ≤ v_r`;
    /// otherwise accept iff `log(V·α/(a/u_s² + b)) ≤ log f(k) − log f(m)`
    /// with `f` the binomial pmf (both sides in log space).
    ///
    /// Numerics for huge n: `c` is split into integer part and fraction so `k`
    /// is an exact integer; `log f(k) − log f(m)` uses Loader's saddle-point
    /// form (`ProbabilityMass`) rather than `lgamma` differences, which at
    /// n = 1e9 carry ~1e-6 absolute error and at n = 2⁵³ are meaningless.
    /// O(1) expected work: measured 2.70 uniforms per variate at n·p = 10 and
    /// about 2.3 for n·p·q ≥ 1e3 (1.35 and 1.15 trials).
    @inlinable
    static func binomialBTRS(count n: Int, probability p: Double,
                             using rng: inout some RandomNumberGenerator) -> Int {
        let nd = Double(n)
        let q = 1 - p
        let np = nd * p
        let sigma = (np * q).squareRoot()
        let b = 1.15 + 2.53 * sigma
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let vr = 0.92 - 4.2 / b
        let logAlpha = log((2.83 + 5.1 / b) * sigma)
        let mode = ((nd + 1) * p).rounded(.down)
        let logModeMass = ProbabilityMass.logBinomialUnchecked(mode, count: nd, p: p, q: q, np: np)
        let c = np + 0.5
        let base = c.rounded(.down)   // integer part, exact
        let fraction = c - base       // exact
        while true {
            let u = uniform(using: &rng) - 0.5
            let v = uniform(using: &rng)
            let us = 0.5 - abs(u)
            let k = base + ((2 * a / us + b) * u + fraction).rounded(.down)
            if k < 0 || k > nd { continue }
            if us >= 0.07 && v <= vr { return Int(k) }
            let lhs = log(v) + logAlpha - log(a / (us * us) + b)
            let logRatio = ProbabilityMass.logBinomialUnchecked(k, count: nd, p: p, q: q, np: np) - logModeMass
            if lhs <= logRatio { return Int(k) }
        }
    }
}
