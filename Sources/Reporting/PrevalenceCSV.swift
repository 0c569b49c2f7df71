/// `prevalence.csv`: the fraction of a cohort's women an assay detects, by
/// age and by years since the last delivery.
///
/// Columns, exactly: `assay,by,from_years,to_years,samples,detected,
/// fraction_detected,ci95_low,ci95_high,expected_fraction,mean_geq_per_1e5`.
///
/// - `by` is `age` (one row per sampling time; `from_years = to_years` = the
///   women's age then) or `years_since_delivery` (a bin `[from_years,
///   to_years)` of the time since a woman's most recent live birth or
///   stillbirth, pooled over the sampling times; women with no delivery
///   before a sampling time are not in these rows).
/// - `samples`: (woman, sampling time) pairs in the row; `detected`: how many
///   of those samples were positive, each drawn once with the woman's own
///   assay stream, as a study would observe them; `fraction_detected` =
///   detected/samples with its Wilson 95% interval `ci95_low, ci95_high`.
/// - `expected_fraction`: the mean over the samples of P(detect | the woman's
///   simulated count), the same quantity without the sampling draw (less
///   noisy; `fraction_detected` scatters around it binomially).
/// - `mean_geq_per_1e5`: mean visible genome equivalents per 10⁵ host cells
///   analysed.
public enum PrevalenceCSV {
    public static let header = "assay,by,from_years,to_years,samples,detected,fraction_detected,ci95_low,ci95_high,expected_fraction,mean_geq_per_1e5"

    /// One row of the file.
    public struct Row: Sendable, Equatable {
        public var assay: String
        /// `age` or `years_since_delivery`.
        public var by: String
        public var fromYears: Double
        public var toYears: Double
        public var samples: Int
        public var detected: Int
        public var expectedFraction: Double
        public var meanPer1e5: Double

        public init(assay: String, by: String, fromYears: Double, toYears: Double, samples: Int, detected: Int,
                    expectedFraction: Double, meanPer1e5: Double) {
            self.assay = assay
            self.by = by
            self.fromYears = fromYears
            self.toYears = toYears
            self.samples = samples
            self.detected = detected
            self.expectedFraction = expectedFraction
            self.meanPer1e5 = meanPer1e5
        }

        /// The Wilson score interval for detected/samples at 95% (`WilsonInterval`).
        public var wilson95: (low: Double, high: Double) {
            WilsonInterval.interval(positive: detected, of: samples)
        }
    }

    public static func render(_ rows: [Row]) -> String {
        var out = header + "\n"
        for r in rows {
            let ci = r.wilson95
            let fraction = r.samples > 0 ? NumberFormat.shortest(Double(r.detected) / Double(r.samples)) : ""
            let fields = [CSVField.escape(r.assay), r.by, NumberFormat.shortest(r.fromYears), NumberFormat.shortest(r.toYears),
                          String(r.samples), String(r.detected), fraction, NumberFormat.shortest(ci.low), NumberFormat.shortest(ci.high),
                          NumberFormat.shortest(r.expectedFraction), NumberFormat.shortest(r.meanPer1e5)]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
