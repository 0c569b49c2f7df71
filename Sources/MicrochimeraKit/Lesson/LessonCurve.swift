/// One host's cells of one origin over the years: the probability that any is
/// present beside the probability that the page's assay is positive.
public struct LessonCurve: Sendable, Codable, Equatable {
    public var host: String
    public var origin: String
    /// A readable label, e.g. `son's cells in mother`.
    public var label: String
    /// The times of the points, in years from time 0 of the scenario.
    public var timesYears: [Double]
    /// P(at least one cell of `origin` anywhere in `host`) at each time.
    public var present: [Double]
    /// P(the assay is positive) at each time; nil where the marker cannot tell
    /// these cells apart (a Y-chromosome marker in a male host, or female cells).
    public var positive: [Double]?
    /// The assay read, e.g. `10 mL blood draw, Y-chromosome qPCR`; nil with `positive`.
    public var assay: String?

    public init(host: String, origin: String, label: String, timesYears: [Double], present: [Double],
                positive: [Double]?, assay: String?) {
        self.host = host
        self.origin = origin
        self.label = label
        self.timesYears = timesYears
        self.present = present
        self.positive = positive
        self.assay = assay
    }
}
