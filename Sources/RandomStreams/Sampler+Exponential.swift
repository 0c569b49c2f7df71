import Foundation

extension Sampler {
    /// An exponential variate with density `rate·e^{−rate·x}`, x > 0:
    /// `standardExponential(using:) / rate`.
    ///
    /// - Precondition: `rate` finite and > 0.
    @inlinable
    public static func exponential(rate: Double, using rng: inout some RandomNumberGenerator) -> Double {
        precondition(rate > 0 && rate.isFinite, "exponential rate must be finite and > 0, got \(rate)")
        return standardExponential(using: &rng) / rate
    }

    /// A standard exponential variate (density `e^{−x}`, x > 0), by the
    /// ziggurat method: `ExponentialZiggurat.shared.sample(using:)`.
    @inlinable
    public static func standardExponential(using rng: inout some RandomNumberGenerator) -> Double {
        ExponentialZiggurat.shared.sample(using: &rng)
    }

    /// An exponential variate with rate `rate` conditioned to fall below
    /// `bound`: density `rate·e^{−rate·x}/p` on (0, bound), with
    /// `p = 1 − e^{−rate·bound}` passed in as `probability` (the caller has it).
    ///
    /// For `p ≥ ½`, rejection from the unconditioned law (at most two
    /// ziggurat draws expected, no logarithm); below, inversion
    /// `−log(1 − U·p)/rate` with `log1p`, which keeps full relative accuracy
    /// for tiny p. Results that round to `bound` are redrawn, so the value
    /// is always below it.
    ///
    /// - Precondition: `rate` finite and > 0, `bound > 0`, `p` in (0, 1].
    @inlinable
    public static func exponential(rate: Double, below bound: Double, probability p: Double,
                                   using rng: inout some RandomNumberGenerator) -> Double {
        precondition(rate > 0 && rate.isFinite && bound > 0 && p > 0 && p <= 1,
                     "truncated exponential needs a positive rate and bound and p in (0, 1]")
        while true {
            let x = p >= 0.5 ? standardExponential(using: &rng) / rate : -log1p(-uniform(using: &rng) * p) / rate
            if x < bound { return x }
        }
    }
}
