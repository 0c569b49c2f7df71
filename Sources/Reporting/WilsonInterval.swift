/// The Wilson score interval of a binomial proportion.
public enum WilsonInterval {
    /// The two-sided 95% normal quantile, z = Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// The interval for `positive` of `n` at normal quantile `z`:
    /// `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, clipped to [0, 1],
    /// with the end at 0 (none positive) or 1 (all positive) exact, where the
    /// formula reaches it but for rounding; (0, 1) when `n` is 0.
    public static func interval(positive: Int, of n: Int, z: Double = z95) -> (low: Double, high: Double) {
        let count = Double(n)
        guard count > 0 else { return (0, 1) }
        let p = Double(positive) / count
        let denominator = 1 + z * z / count
        let centre = (p + z * z / (2 * count)) / denominator
        let half = z * (p * (1 - p) / count + z * z / (4 * count * count)).squareRoot() / denominator
        return (positive == 0 ? 0 : max(0, centre - half), positive == n ? 1 : min(1, centre + half))
    }
}
