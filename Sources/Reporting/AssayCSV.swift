import RateModel

/// `assay.csv`: what each assay of a biology-level scenario would report at
/// each of its sampling times.
///
/// Columns, exactly: `assay,host,marker,compartment,time_days,time_years,
/// sampled_fraction,host_cells_analysed,limit_of_detection,p_detect,
/// mean_geq_per_1e5,level_unit`. `p_detect` is the probability that the
/// sample holds at least `limit_of_detection` counted cells (binomial thinning
/// of the true count); `mean_geq_per_1e5` the expected level in the unit
/// `level_unit` (`per_1e5_cells`: genome equivalents per 10⁵ host cells
/// analysed, the historical unit that gave the column its name;
/// `per_ml_blood`: colonies per mL of blood; `per_ml_plasma`: genome
/// equivalents per mL of plasma). A value the method cannot give, or
/// `host_cells_analysed` of a plasma sample, is an empty cell.
public enum AssayCSV {
    public static let header = "assay,host,marker,compartment,time_days,time_years,sampled_fraction,host_cells_analysed,limit_of_detection,p_detect,mean_geq_per_1e5,level_unit"

    /// One row of the file.
    public struct Row: Sendable, Equatable {
        public var assay: String
        public var host: String
        public var marker: String
        public var compartment: String
        public var time: Double
        public var sampledFraction: Double
        /// Nil for a sample of plasma, which analyses no cells.
        public var hostCellsAnalysed: Double?
        public var limitOfDetection: Int
        public var pDetect: Double?
        /// The expected level, in `levelUnit`.
        public var meanPer1e5: Double
        /// `per_1e5_cells`, `per_ml_blood` or `per_ml_plasma`.
        public var levelUnit: String

        public init(assay: String, host: String, marker: String, compartment: String, time: Double, sampledFraction: Double,
                    hostCellsAnalysed: Double?, limitOfDetection: Int, pDetect: Double?, meanPer1e5: Double,
                    levelUnit: String = "per_1e5_cells") {
            self.assay = assay
            self.host = host
            self.marker = marker
            self.compartment = compartment
            self.time = time
            self.sampledFraction = sampledFraction
            self.hostCellsAnalysed = hostCellsAnalysed
            self.limitOfDetection = limitOfDetection
            self.pDetect = pDetect
            self.meanPer1e5 = meanPer1e5
            self.levelUnit = levelUnit
        }
    }

    public static func render(_ rows: [Row]) -> String {
        header + "\n" + String(decoding: rowBytes(rows), as: UTF8.self)
    }

    /// The UTF-8 bytes of `rows` without the header, each line starting with
    /// `prefix` (a sweep's point, values and method: `sweep-assay.csv`). O(rows).
    public static func rowBytes(_ rows: [Row], prefix: String = "") -> [UInt8] {
        var out = ""
        for r in rows {
            let fields = [CSVField.escape(r.assay), CSVField.escape(r.host), CSVField.escape(r.marker), CSVField.escape(r.compartment),
                          NumberFormat.shortest(r.time), NumberFormat.shortest(r.time / Days.perYear),
                          NumberFormat.shortest(r.sampledFraction), r.hostCellsAnalysed.map(NumberFormat.shortest) ?? "", String(r.limitOfDetection),
                          r.pDetect.map(NumberFormat.shortest) ?? "", NumberFormat.shortest(r.meanPer1e5), CSVField.escape(r.levelUnit)]
            out += prefix + fields.joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }
}
