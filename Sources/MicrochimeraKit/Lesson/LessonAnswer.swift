/// The page's answer to one scenario text: the timeline, the probability
/// curves and the narration, all from one run.
///
/// summary.csv and timeseries.csv are not part of it: the exact answer solves
/// presence only for the series the narration reads, and the page fetches the
/// files, as `microchimera run` writes them, with `LessonPipeline.download`.
public struct LessonAnswer: Sendable, Codable, Equatable {
    /// The engine that ran: `moments`, `fast` or `exact`.
    public var method: String
    /// Whether the numbers are exact (moments) rather than a sample.
    public var exact: Bool
    /// Stochastic replicates simulated; 0 for moments.
    public var replicates: Int
    /// The timeline figure as `microchimera run` draws it (timeline.svg).
    public var svg: String
    /// P(present) and P(positive) over the years, one curve per host and origin.
    public var curves: [LessonCurve]
    /// The narration sentences, as `microchimera demo` tells them, unwrapped.
    public var narration: [String]
    /// Wall time of the computation in milliseconds.
    public var elapsedMilliseconds: Double

    public init(method: String, exact: Bool, replicates: Int, svg: String, curves: [LessonCurve], narration: [String],
                elapsedMilliseconds: Double) {
        self.method = method
        self.exact = exact
        self.replicates = replicates
        self.svg = svg
        self.curves = curves
        self.narration = narration
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}
