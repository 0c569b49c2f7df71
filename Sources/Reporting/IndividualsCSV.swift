/// `individuals.csv`: every woman of a cohort at every assay sampling time,
/// so a study's own analysis can be run on the simulated women.
///
/// Columns, exactly: `individual,pregnancies,live_births,sons,
/// clearance_multiplier,homing_multiplier,self_renewal_multiplier,
/// transfer_multiplier,assay,time_days,age_years,years_since_delivery,count,
/// p_detect,detected,geq_per_1e5`.
///
/// `individual` is her index from 0 (`microchimera run --individual K` re-runs
/// her alone, and its replicate 0 is this trajectory); `count` the visible
/// cells in the assay's compartment; `p_detect` P(detect | count); `detected`
/// 1 or 0, her drawn sample; `geq_per_1e5` the expected visible genome
/// equivalents per 10⁵ host cells analysed given `count`;
/// `years_since_delivery` is empty before her first delivery.
public enum IndividualsCSV {
    public static let header = "individual,pregnancies,live_births,sons,clearance_multiplier,homing_multiplier,self_renewal_multiplier,transfer_multiplier,assay,time_days,age_years,years_since_delivery,count,p_detect,detected,geq_per_1e5"

    /// One row of the file.
    public struct Row: Sendable, Equatable {
        public var individual: Int
        public var pregnancies: Int
        public var liveBirths: Int
        public var sons: Int
        /// Clearance, homing, self-renewal and transfer multipliers.
        public var multipliers: [Double]
        public var assay: String
        public var time: Double
        public var ageYears: Double
        public var yearsSinceDelivery: Double?
        public var count: Int
        public var pDetect: Double
        public var detected: Bool
        public var geqPer1e5: Double

        public init(individual: Int, pregnancies: Int, liveBirths: Int, sons: Int, multipliers: [Double], assay: String,
                    time: Double, ageYears: Double, yearsSinceDelivery: Double?, count: Int, pDetect: Double,
                    detected: Bool, geqPer1e5: Double) {
            self.individual = individual
            self.pregnancies = pregnancies
            self.liveBirths = liveBirths
            self.sons = sons
            self.multipliers = multipliers
            self.assay = assay
            self.time = time
            self.ageYears = ageYears
            self.yearsSinceDelivery = yearsSinceDelivery
            self.count = count
            self.pDetect = pDetect
            self.detected = detected
            self.geqPer1e5 = geqPer1e5
        }
    }

    public static func render(_ rows: [Row]) -> String {
        var out = header + "\n"
        out.reserveCapacity(rows.count * 120)
        for r in rows {
            var fields = [String(r.individual), String(r.pregnancies), String(r.liveBirths), String(r.sons)]
            fields += r.multipliers.map(NumberFormat.shortest)
            fields += [CSVField.escape(r.assay), NumberFormat.shortest(r.time), NumberFormat.shortest(r.ageYears),
                       r.yearsSinceDelivery.map(NumberFormat.shortest) ?? "", String(r.count), NumberFormat.shortest(r.pDetect),
                       r.detected ? "1" : "0", NumberFormat.shortest(r.geqPer1e5)]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
