import Foundation

extension Sampler {
    /// A normal variate `N(mean, sd²)` conditioned on being at least `lowerBound`.
    ///
    /// With `a = (lowerBound − mean)/sd` the standardised bound, it draws
    /// `Z ~ N(0, 1) | Z ≥ a` exactly and returns `mean + sd·Z`:
    ///
    /// - `a ≤ 0.45`: plain rejection from N(0, 1); the acceptance probability
    ///   `1 − Φ(a)` is at least 0.32, so on average at most 3.1 normals.
    /// - `a > 0.45`: C. P. Robert (1995), "Simulation of truncated normal
    ///   variables", Statistics and Computing 5:121-125. Propose
    ///   `Z = a + E/α` with `E` standard exponential and `α = (a + √(a² + 4))/2`
    ///   (the rate that maximises the acceptance), and accept with probability
    ///   `exp(−(Z − α)²/2)`. The acceptance is above 0.8 for every `a > 0.45`
    ///   and tends to 1 as `a` grows, so even a bound ten standard deviations
    ///   above the mean costs a few draws, where plain rejection would never end.
    ///
    /// `sd = 0` is the degenerate distribution: `max(mean, lowerBound)`, with
    /// no draw. Complexity O(1) expected.
    ///
    /// - Precondition: `mean` and `lowerBound` finite, `sd` finite and ≥ 0.
    @inlinable
    public static func normal(mean: Double, sd: Double, atLeast lowerBound: Double,
                              using rng: inout some RandomNumberGenerator) -> Double {
        precondition(mean.isFinite && lowerBound.isFinite, "truncated normal needs a finite mean and bound")
        precondition(sd >= 0 && sd.isFinite, "normal sd must be finite and ≥ 0, got \(sd)")
        guard sd > 0 else { return max(mean, lowerBound) }
        let a = (lowerBound - mean) / sd
        if a <= 0.45 {
            while true {
                let z = normalPair(using: &rng).0
                if z >= a { return mean + sd * z }
            }
        }
        let alpha = (a + (a * a + 4).squareRoot()) / 2
        while true {
            let z = a + exponential(rate: alpha, using: &rng)
            let d = z - alpha
            if uniform(using: &rng) <= exp(-d * d / 2) { return max(lowerBound, mean + sd * z) }
        }
    }
}
