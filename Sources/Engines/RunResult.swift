import RateModel
/// What an engine hands to the writers: every series at every output time.
public struct RunResult: Sendable, Equatable {
    /// Output times in days, increasing.
    public var times: [Double]
    /// One entry per series, each with one `PointStatistics` per output time.
    public var series: [TimeSeries]
    /// The engine that produced the numbers.
    public var method: EngineKind

    public init(times: [Double], series: [TimeSeries], method: EngineKind) {
        precondition(series.allSatisfy { $0.points.count == times.count }, "every series needs one point per output time")
        self.times = times
        self.series = series
        self.method = method
    }
}

/// One series (a labelled population) over the output times.
public struct TimeSeries: Sendable, Equatable {
    public var label: SeriesLabel
    public var points: [PointStatistics]

    public init(label: SeriesLabel, points: [PointStatistics]) {
        self.label = label
        self.points = points
    }
}
