/// A population, a per-cell sampling probability and how many low counts of
/// the sampled population the moments engine gives exactly.
///
/// For the set S of `compartments`, each cell present at an output time T is
/// seen independently with probability `fraction`; K is the number seen (the
/// binomial thinning of `X_S(T)`). The engine gives `P(K = k)` for
/// `k = 0..<maxCount`, so an assay with limit of detection L is positive with
/// probability `1 − Σ_{k<L} P(K = k)` (`maxCount = L`). Its generating
/// function is `G_K(z) = G_S(1 − fraction + fraction·z)`.
/// See `MomentsEngine.thinnedCountProbabilities(targets:)`.
public struct ThinnedCountTarget: Sendable, Hashable {
    /// Indices of the summed compartments, ascending and distinct.
    public let compartments: [Int]
    /// The probability that a cell present is seen, in [0, 1].
    public let fraction: Double
    /// How many probabilities `P(K = 0), …, P(K = maxCount − 1)` to give, at least 1.
    public let maxCount: Int

    /// Creates a target; `compartments` is sorted here. Repeated compartments,
    /// negative indices, a fraction outside [0, 1] or `maxCount < 1` are
    /// programmer errors (indices past the network's size are reported by the engine).
    public init(compartments: [Int], fraction: Double, maxCount: Int) {
        precondition(fraction >= 0 && fraction <= 1, "a sampled fraction lies in [0, 1], got \(fraction)")
        precondition(maxCount >= 1, "a thinned-count target asks for at least P(K = 0), got maxCount \(maxCount)")
        let generating = GeneratingTarget(compartments: compartments, argument: 1 - fraction)
        self.compartments = generating.compartments
        self.fraction = fraction
        self.maxCount = maxCount
    }

    /// The generating-function target whose value is `P(K = 0) = G_S(1 − fraction)`.
    public var generating: GeneratingTarget {
        GeneratingTarget(compartments: compartments, argument: 1 - fraction)
    }
}
