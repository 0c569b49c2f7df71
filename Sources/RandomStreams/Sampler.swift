/// Random variates from the distributions the engines need, drawn from a
/// caller-supplied generator.
///
/// Every sampler is a static function taking the generator last, as
/// `using rng: inout some RandomNumberGenerator`, like the standard library's
/// `Double.random(in:using:)`:
///
///     var rng = Philox4x64(stream: StreamID(seed: 42, point: 0, replicate: 7))
///     let k = Sampler.poisson(mean: 3.5, using: &rng)
///
/// A namespace rather than methods on `RandomNumberGenerator` keeps the
/// generator protocol's namespace clean and makes the generator visible at
/// every call site. The functions are `@inlinable`, so a call with a concrete
/// generator (e.g. `Philox4x64`) is specialised in the caller's module and
/// `next()` is inlined; nothing here holds hidden or global state.
///
/// All samplers consume generator words only through `uniform(using:)` (or
/// `next()` directly for `uniformIndex`), so their results are a pure
/// function of the stream. Every finite parameter in a distribution's
/// natural range (a mean or count ≥ 0, a probability in [0, 1]) is accepted,
/// however large: beyond the exact domain (Poisson means above 2⁵², binomial
/// counts above 2⁵³) a normal approximation is drawn, clamped to the result
/// type. Only parameters no distribution has (a negative mean, a probability
/// outside [0, 1], NaN or an infinity) are programmer errors, stopped with a
/// `precondition` message; the engines never pass them (`ModelBounds`).
public enum Sampler {
    /// A uniform Double in the open interval (0, 1), on a lattice of spacing 2⁻⁵³.
    ///
    /// The top 53 bits `j` of one 64-bit word give `u = j·2⁻⁵³`, exactly
    /// representable; `j = 0` is rejected and a new word drawn. So `u` is
    /// uniform on `{1, 2, …, 2⁵³ − 1}·2⁻⁵³`: never 0 or 1, the smallest value
    /// is 2⁻⁵³ ≈ 1.1e-16, the largest 1 − 2⁻⁵³, and the set is symmetric
    /// (`1 − u` is also on it, exactly). `−log u` is therefore finite and at
    /// most 53·ln 2 ≈ 36.7. It consumes one word, except with probability 2⁻⁵³.
    ///
    /// Complexity O(1).
    @inlinable
    public static func uniform(using rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let j = rng.next() >> 11
            if j != 0 { return Double(j) * 0x1p-53 }
        }
    }

    /// A uniform integer in `0..<bound`, exactly unbiased.
    ///
    /// Lemire's multiply-and-reject method (D. Lemire 2019, "Fast random
    /// integer generation in an interval", ACM TOMACS 29(1):3): with a 64-bit
    /// word `x`, the 128-bit product `x·bound` has high word `⌊x·bound/2⁶⁴⌋`;
    /// products whose low word is below `2⁶⁴ mod bound` are rejected, which
    /// leaves exactly `⌊2⁶⁴/bound⌋` words for every result. The expected
    /// number of words is below `1/(1 − bound/2⁶⁴)`, and the division for the
    /// threshold runs only when the low word is below `bound`.
    ///
    /// - Precondition: `bound > 0`.
    @inlinable
    public static func uniformIndex(below bound: Int, using rng: inout some RandomNumberGenerator) -> Int {
        precondition(bound > 0, "uniformIndex(below:) needs a positive bound, got \(bound)")
        let n = UInt64(bound)
        var product = rng.next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n  // 2⁶⁴ mod n
            while product.low < threshold {
                product = rng.next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }
}
