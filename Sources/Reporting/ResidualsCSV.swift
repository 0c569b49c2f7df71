import RateModel

/// `residuals.csv` of `microchimera fit`: how the fitted model meets every
/// observation.
///
/// Columns, exactly: `study,kind,assay,time_days,time_years,observed,
/// predicted,log_likelihood,pearson_residual,source`. `observed` is the
/// fraction positive (`detected`) or the reported level (`mean_level`,
/// `log_mean_level`); `predicted` the model's P(positive) or expected level at
/// the estimates; `log_likelihood` the observation's contribution to the
/// maximum log-likelihood; `pearson_residual` (observed − predicted) / its
/// standard deviation under the model (docs/fit.md gives each kind's formula).
public enum ResidualsCSV {
    public static let header = "study,kind,assay,time_days,time_years,observed,predicted,log_likelihood,pearson_residual,source"

    /// One row of the file.
    public struct Row: Sendable, Equatable {
        public var study: String
        public var kind: String
        public var assay: String
        public var time: Double
        public var observed: Double
        public var predicted: Double
        public var logLikelihood: Double
        public var pearson: Double
        public var source: String

        public init(study: String, kind: String, assay: String, time: Double, observed: Double, predicted: Double,
                    logLikelihood: Double, pearson: Double, source: String) {
            self.study = study
            self.kind = kind
            self.assay = assay
            self.time = time
            self.observed = observed
            self.predicted = predicted
            self.logLikelihood = logLikelihood
            self.pearson = pearson
            self.source = source
        }
    }

    /// The file: the header, then one line per row, each ending in `\n`.
    public static func render(_ rows: [Row]) -> String {
        var out = header + "\n"
        for r in rows {
            let fields = [CSVField.escape(r.study), r.kind, CSVField.escape(r.assay), NumberFormat.shortest(r.time),
                          NumberFormat.shortest(r.time / Days.perYear), NumberFormat.shortest(r.observed), NumberFormat.shortest(r.predicted),
                          NumberFormat.shortest(r.logLikelihood), NumberFormat.shortest(r.pearson), CSVField.escape(r.source)]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
