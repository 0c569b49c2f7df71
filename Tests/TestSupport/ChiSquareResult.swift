/// The outcome of a chi-square goodness-of-fit test.
public struct ChiSquareResult: CustomStringConvertible {
    /// Pearson's statistic `Σ (O − E)²/E` over the pooled bins.
    public let statistic: Double
    /// Bins − 1 (the tested distributions have no fitted parameters).
    public let degreesOfFreedom: Int
    /// The upper 1e-4 quantile of χ²(df), by Wilson–Hilferty.
    public let critical: Double
    /// Samples outside the support range given to the test (must be 0).
    public let outside: Int
    /// `1 − Σ pmf` over the support range (checks the range and the pmf).
    public let missingMass: Double

    public var passes: Bool { statistic <= critical && outside == 0 }

    public var description: String {
        "χ² = \(statistic) on \(degreesOfFreedom) df (critical \(critical) at α = 1e-4), "
            + "outside = \(outside), missing mass = \(missingMass)"
    }
}
