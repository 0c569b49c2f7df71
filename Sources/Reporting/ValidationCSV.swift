import RateModel

/// `validation.csv` of `microchimera calibrate`: every observation of the
/// suite against the joint fit (in sample) and against the fit of the suite
/// without its study (leave-one-study-out).
///
/// Columns, exactly: `study,kind,assay,time_days,time_years,observed,
/// in_sample,in_sample_low,in_sample_high,loso,loso_low,loso_high,
/// in_sample_within_2x,loso_within_2x,in_sample_inside_95,loso_inside_95,source`.
/// `observed` and the predictions are in the units of residuals.csv (fraction
/// positive, or the reported level); `*_low`/`*_high` bound the 95% interval
/// of the observation were the prediction right; the flags are `true` or `false`.
public enum ValidationCSV {
    public static let header = "study,kind,assay,time_days,time_years,observed,in_sample,in_sample_low,in_sample_high,loso,loso_low,loso_high,"
        + "in_sample_within_2x,loso_within_2x,in_sample_inside_95,loso_inside_95,source"

    /// A prediction of one observation with the observation's 95% interval under it and the two agreement flags.
    public struct Prediction: Sendable, Equatable {
        public var value: Double
        public var low: Double
        public var high: Double
        public var withinTwofold: Bool
        public var inside95: Bool

        public init(value: Double, low: Double, high: Double, withinTwofold: Bool, inside95: Bool) {
            self.value = value
            self.low = low
            self.high = high
            self.withinTwofold = withinTwofold
            self.inside95 = inside95
        }
    }

    /// One row of the file.
    public struct Row: Sendable, Equatable {
        public var study: String
        public var kind: String
        public var assay: String
        public var time: Double
        public var observed: Double
        public var inSample: Prediction
        public var leaveOneOut: Prediction
        public var source: String

        public init(study: String, kind: String, assay: String, time: Double, observed: Double, inSample: Prediction,
                    leaveOneOut: Prediction, source: String) {
            self.study = study
            self.kind = kind
            self.assay = assay
            self.time = time
            self.observed = observed
            self.inSample = inSample
            self.leaveOneOut = leaveOneOut
            self.source = source
        }
    }

    /// The file: the header, then one line per row, each ending in `\n`.
    public static func render(_ rows: [Row]) -> String {
        var out = header + "\n"
        for r in rows {
            let numbers = [r.time, r.time / Days.perYear, r.observed, r.inSample.value, r.inSample.low, r.inSample.high,
                           r.leaveOneOut.value, r.leaveOneOut.low, r.leaveOneOut.high].map(NumberFormat.shortest)
            let flags = [r.inSample.withinTwofold, r.leaveOneOut.withinTwofold, r.inSample.inside95, r.leaveOneOut.inside95].map { "\($0)" }
            out += ([CSVField.escape(r.study), r.kind, CSVField.escape(r.assay)] + numbers + flags + [CSVField.escape(r.source)])
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
