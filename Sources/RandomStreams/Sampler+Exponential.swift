import Foundation

extension Sampler {
    /// An exponential variate with density `rate·e^{−rate·x}`, x > 0.
    ///
    /// Inversion: `X = −log(U)/rate` with `U = uniform(using:)` in (0, 1),
    /// since `P(−log U > x) = P(U < e^{−x}) = e^{−x}`. One uniform, O(1).
    /// `U ≥ 2⁻⁵³` bounds the result by `36.7/rate` (the tail beyond has
    /// probability 2⁻⁵³); `U ≤ 1 − 2⁻⁵³` makes it strictly positive.
    ///
    /// - Precondition: `rate` finite and > 0.
    @inlinable
    public static func exponential(rate: Double, using rng: inout some RandomNumberGenerator) -> Double {
        precondition(rate > 0 && rate.isFinite, "exponential rate must be finite and > 0, got \(rate)")
        return -log(uniform(using: &rng)) / rate
    }
}
