/// Summary of the cell count of one series at one output time.
///
/// `mean` is always present; the other statistics are `nil` when the method
/// that ran does not produce them (the CSV leaves those cells empty).
public struct PointStatistics: Sendable, Equatable {
    /// Expected number of cells.
    public var mean: Double
    /// Standard deviation of the number of cells across replicates (or exact).
    public var sd: Double?
    /// The 5, 25, 50, 75 and 95% quantiles of the count.
    public var quantiles: Quantiles?
    /// Probability that the count is positive.
    public var pPresent: Double?

    public init(mean: Double, sd: Double? = nil, quantiles: Quantiles? = nil, pPresent: Double? = nil) {
        self.mean = mean
        self.sd = sd
        self.quantiles = quantiles
        self.pPresent = pPresent
    }
}

/// The quantiles of the CSV contract: 5, 25, 50, 75 and 95%.
public struct Quantiles: Sendable, Equatable {
    public var q05, q25, q50, q75, q95: Double

    public init(q05: Double, q25: Double, q50: Double, q75: Double, q95: Double) {
        (self.q05, self.q25, self.q50, self.q75, self.q95) = (q05, q25, q50, q75, q95)
    }
}
