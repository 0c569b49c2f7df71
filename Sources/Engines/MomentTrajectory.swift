import LinearAlgebra

/// The exact mean and covariance of the counts at every output time.
///
/// `covariances[k]` is the n×n matrix `Cov(X(t_k))`, symmetric, computed by
/// `MomentStep` (see there for the equations and the method).
public struct MomentTrajectory: Sendable, Equatable {
    /// Output times in days.
    public let times: [Double]
    /// `means[k][i] = E[X_i(t_k)]`.
    public let means: [[Double]]
    /// `covariances[k][i, j] = Cov(X_i(t_k), X_j(t_k))`.
    public let covariances: [Matrix]

    public init(times: [Double], means: [[Double]], covariances: [Matrix]) {
        precondition(means.count == times.count && covariances.count == times.count, "one moment per output time")
        self.times = times
        self.means = means
        self.covariances = covariances
    }

    /// `sqrt(max(Σ_ii, 0))` at output `k` (rounding can leave a tiny negative variance).
    public func standardDeviation(time k: Int, compartment i: Int) -> Double {
        max(covariances[k][i, i], 0).squareRoot()
    }

    /// The standard deviation of the total count, `sqrt(max(1ᵀ·Σ·1, 0))`.
    public func totalStandardDeviation(time k: Int) -> Double {
        max(covariances[k].storage.reduce(0, +), 0).squareRoot()
    }
}
