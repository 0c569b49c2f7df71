import Foundation

/// The log-likelihood of one observation given the model's prediction, its
/// Pearson residual, and the Wilson interval of a proportion: pure functions.
///
/// Conventions, stated once:
/// - probabilities enter logarithms clamped to `[pFloor, 1 − pFloor]`
///   (`pFloor = 1e−300`), so a prediction of exactly 0 or 1 against data that
///   contradict it gives a very negative but finite log-likelihood (about
///   −690 per contradicting sample) that an optimizer can still move away from,
///   instead of −∞; a term whose count is zero is omitted (0·ln 0 = 0), so
///   p = 0 with no positives, or p = 1 with no negatives, is exactly 0;
/// - a predicted level ≤ 0 enters a logarithm as `levelFloor = 1e−300`;
/// - the densities are those of the reported quantity (for `logNormal`, of its
///   natural logarithm), constants included, so values add across observations
///   and studies.
public enum ObservationLikelihood {
    /// The smallest probability (and complement) used inside a logarithm.
    public static let pFloor = 1e-300
    /// The smallest predicted level used inside a logarithm.
    public static let levelFloor = 1e-300

    /// `ln [C(n, k)·p^k·(1 − p)^(n−k)]`: `k` of `n` samples positive, each
    /// independently with probability `p`.
    ///
    /// `ln C(n, k) = lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1)`; `ln(1 − p)` is
    /// `log1p(−p)` (accurate for small p); see the type's clamping conventions.
    /// Requires `n ≥ 0` and `0 ≤ positive ≤ n` (programmer error otherwise). O(1).
    public static func binomial(n: Int, positive k: Int, p: Double) -> Double {
        precondition(n >= 0 && k >= 0 && k <= n, "binomial needs 0 <= positive <= n, got \(k) of \(n)")
        let logChoose = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        var value = logChoose
        if k > 0 { value += Double(k) * log(max(p, pFloor)) }
        if n - k > 0 { value += Double(n - k) * max(log1p(-min(p, 1)), log(pFloor)) }
        return value
    }

    /// `ln φ(observed; predicted, se) = −½·ln(2π) − ln se − (observed − predicted)²/(2·se²)`:
    /// a group mean reported with standard error `se > 0`, normal around the
    /// model's expected level. O(1).
    public static func normal(observed: Double, se: Double, predicted: Double) -> Double {
        precondition(se > 0, "a normal likelihood needs se > 0")
        let z = (observed - predicted) / se
        return -0.5 * log(2 * Double.pi) - log(se) - 0.5 * z * z
    }

    /// A geometric mean `g > 0` reported with standard error `seLog > 0` of
    /// the natural logarithm: `ln g ~ Normal(ln predicted, seLog)`, so the value
    /// is `normal(observed: ln g, se: seLog, predicted: ln max(predicted, levelFloor))`
    /// (the density of ln g; its Jacobian −ln g does not depend on the model
    /// and is left out). The model's expected level stands for the centre of
    /// the log-normal, as the mean trajectory is all a likelihood evaluation
    /// computes. O(1).
    public static func logNormal(observedGeometricMean g: Double, seLog: Double, predicted: Double) -> Double {
        precondition(g > 0, "a log-normal likelihood needs a geometric mean > 0")
        return normal(observed: log(g), se: seLog, predicted: log(max(predicted, levelFloor)))
    }

    /// The Pearson residual of a count: `(k − n·p)/sqrt(n·p·(1 − p))`, with `p`
    /// clamped to `[pFloor, 1 − 2⁻⁵³]` so that it is finite (very large when
    /// the data contradict a prediction of 0 or 1); exactly 0 when a prediction
    /// of 0 or 1 is met (k = 0 at p ≤ 0, k = n at p ≥ 1). O(1).
    public static func pearson(n: Int, positive k: Int, p: Double) -> Double {
        precondition(n > 0 && k >= 0 && k <= n, "a Pearson residual needs 0 <= positive <= n and n > 0")
        if (p <= 0 && k == 0) || (p >= 1 && k == n) { return 0 }
        let q = min(max(p, pFloor), 1 - 0x1p-53)
        let expected = Double(n) * q
        return (Double(k) - expected) / (expected * (1 - q)).squareRoot()
    }

    /// The Pearson residual of a mean level: `(observed − predicted)/se`. O(1).
    public static func pearson(observed: Double, se: Double, predicted: Double) -> Double {
        (observed - predicted) / se
    }

    /// The Pearson residual of a geometric mean on the log scale:
    /// `(ln g − ln max(predicted, levelFloor))/seLog`. O(1).
    public static func pearson(observedGeometricMean g: Double, seLog: Double, predicted: Double) -> Double {
        (log(g) - log(max(predicted, levelFloor))) / seLog
    }
}
