import RateModel

/// How long one series' cells last: one row of `summary.csv`.
///
/// Times after the reference are in years (Julian, 365.25 days). A value the
/// method does not give (quantiles of a moments run, prevalence outside a
/// cohort) or that lies beyond the horizon is `nil`, an empty cell.
public struct SeriesSummary: Sendable, Equatable {
    public var label: SeriesLabel
    /// The time the checkpoints count from, in days: the end of the last
    /// transfer of the series' cells into its host (biology level), else 0.
    public var referenceDays: Double
    /// The largest mean count over the output times, and the first output
    /// time (days) at which it is reached.
    public var peakMean: Double
    public var peakTimeDays: Double
    /// P(count > 0) at `reference + y` years, one per `SummaryCSV.checkpointYears`.
    public var pPresent: [Double?]
    /// Type-7 quantiles (5, 50, 95%) of the time to loss, in years after the
    /// reference; `nil` when the quantile falls among censored replicates.
    public var lossYears: (q05: Double?, q50: Double?, q95: Double?)
    /// Fraction of replicates still carrying cells at the last output time,
    /// whose loss is censored by the horizon.
    public var lossCensored: Double?
    /// Cohorts: women whose family has the series.
    public var women: Int?
    /// Cohorts: among those women whose `reference + y` lies inside the
    /// horizon, the fraction carrying cells then, one per checkpoint.
    public var prevalence: [Double?]

    public init(label: SeriesLabel, referenceDays: Double, peakMean: Double, peakTimeDays: Double, pPresent: [Double?],
                lossYears: (q05: Double?, q50: Double?, q95: Double?) = (nil, nil, nil), lossCensored: Double? = nil,
                women: Int? = nil, prevalence: [Double?]? = nil) {
        precondition(pPresent.count == SummaryCSV.checkpointYears.count, "one probability per checkpoint")
        self.label = label
        self.referenceDays = referenceDays
        self.peakMean = peakMean
        self.peakTimeDays = peakTimeDays
        self.pPresent = pPresent
        self.lossYears = lossYears
        self.lossCensored = lossCensored
        self.women = women
        self.prevalence = prevalence ?? Array(repeating: nil, count: SummaryCSV.checkpointYears.count)
    }

    public static func == (a: SeriesSummary, b: SeriesSummary) -> Bool {
        a.label == b.label && a.referenceDays == b.referenceDays && a.peakMean == b.peakMean
            && a.peakTimeDays == b.peakTimeDays && a.pPresent == b.pPresent && a.lossYears.q05 == b.lossYears.q05
            && a.lossYears.q50 == b.lossYears.q50 && a.lossYears.q95 == b.lossYears.q95
            && a.lossCensored == b.lossCensored && a.women == b.women && a.prevalence == b.prevalence
    }
}
