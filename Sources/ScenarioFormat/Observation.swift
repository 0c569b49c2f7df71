/// One row of a fit's data file: what an assay measured at one time.
public struct Observation: Sendable, Hashable {
    /// What was measured, with the numbers of the row.
    public enum Kind: Sendable, Hashable {
        /// `detected`: of `n` samples, `positive` were positive (`0 <= positive <= n`, `n >= 1`).
        case detected(n: Int, positive: Int)
        /// `mean_level`: the group mean of the assay's level (`value >= 0`) with standard error `se > 0`.
        case meanLevel(value: Double, se: Double)
        /// `log_mean_level`: the geometric mean level (`value > 0`) with standard error `se > 0` on
        /// the natural-log scale.
        case logMeanLevel(value: Double, se: Double)
    }

    /// What was measured.
    public let kind: Kind
    /// The name of the scenario's assay (checked against the scenario by the pipeline).
    public let assay: String
    /// When.
    public let time: ObservationTime
    /// Free text: the citation (author, year, journal, table or figure); may be empty.
    public let source: String
    /// The row's line in the data file (1 = the header); a quoted field with
    /// line breaks makes the next row start further down.
    public let line: Int
    /// The 1-based column of the `assay` field on its line, for errors about the assay.
    public let assayColumn: Int
    /// The 1-based column of the `time` field on its line, for errors about the time.
    public let timeColumn: Int

    public init(kind: Kind, assay: String, time: ObservationTime, source: String, line: Int, assayColumn: Int, timeColumn: Int) {
        self.kind = kind
        self.assay = assay
        self.time = time
        self.source = source
        self.line = line
        self.assayColumn = assayColumn
        self.timeColumn = timeColumn
    }
}
