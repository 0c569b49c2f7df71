import Foundation

/// How one prediction meets one observation, for validation: the predicted
/// value, the 95% interval in which the observation would fall were the
/// prediction right, and the two agreement flags.
///
/// The interval is that of the reported quantity given the prediction:
/// - `detected` (k of n positive, P(positive) = p): the fraction k/n with k
///   between the 2.5% and 97.5% quantiles of Binomial(n, p) (the smallest k
///   whose CDF reaches each level; O(n) from the log-pmf by `lgamma`);
/// - `mean_level` (standard error se, expected level m): m ± 1.96·se, the
///   lower end at least 0;
/// - `log_mean_level` (se of ln): m·exp(±1.96·se).
///
/// Within 2× means observed/predicted in [1/2, 2] (both 0 counts as met; one
/// of them 0 does not).
struct ObservationCheck: Sendable, Equatable {
    let predicted: Double
    let low: Double
    let high: Double
    let withinTwofold: Bool
    let inside95: Bool

    /// The normal 97.5% quantile.
    static let z975 = 1.959963984540054

    init(_ observation: FitObservation, prediction: AssayPrediction) {
        let observed = observation.observed
        switch observation.observation.kind {
        case .detected(let n, let positive):
            let p = min(1, max(0, prediction.pPositive))
            let (a, b) = Self.binomialQuantiles(n: n, p: p)
            predicted = p
            low = Double(a) / Double(n)
            high = Double(b) / Double(n)
            inside95 = a <= positive && positive <= b
        case .meanLevel(_, let se):
            predicted = prediction.meanLevel
            low = max(0, predicted - Self.z975 * se)
            high = predicted + Self.z975 * se
            inside95 = low <= observed && observed <= high
        case .logMeanLevel(_, let se):
            predicted = prediction.meanLevel
            low = predicted * exp(-Self.z975 * se)
            high = predicted * exp(Self.z975 * se)
            inside95 = low <= observed && observed <= high
        }
        withinTwofold = Self.withinTwofold(observed: observed, predicted: predicted)
    }

    static func withinTwofold(observed: Double, predicted: Double) -> Bool {
        if observed == 0 && predicted == 0 { return true }
        return observed <= 2 * predicted && predicted <= 2 * observed
    }

    /// The 2.5% and 97.5% quantiles of Binomial(n, p): the smallest k with
    /// P(K ≤ k) ≥ 0.025, and with P(K ≤ k) ≥ 0.975. O(n).
    static func binomialQuantiles(n: Int, p: Double) -> (Int, Int) {
        if p <= 0 { return (0, 0) }
        if p >= 1 { return (n, n) }
        let logChoose = { (k: Int) in lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1) }
        var cdf = 0.0
        var lower: Int?
        for k in 0...n {
            cdf += exp(logChoose(k) + Double(k) * log(p) + Double(n - k) * log1p(-p))
            if lower == nil && cdf >= 0.025 { lower = k }
            if cdf >= 0.975 { return (lower ?? k, k) }
        }
        return (lower ?? n, n)
    }
}
