import BiologyModel
import RateModel
import Reporting

/// The tables of a cohort run: prevalence by age and by years since the last
/// delivery, and one row per woman and sampling time.
///
/// Every sum runs over the women in index order, so the files are the same
/// bytes for any thread count.
enum CohortReport {
    /// Width of the `years_since_delivery` bins of prevalence.csv, in years.
    static let deliveryBinYears = 5.0

    /// Rows of prevalence.csv: per assay, one `age` row per sampling time,
    /// then the `years_since_delivery` bins that hold any sample.
    static func prevalence(_ runner: CohortRunner, women: [CohortRunner.WomanRecord]) -> [PrevalenceCSV.Row] {
        let times = runner.assayTimes
        let ageAtStart = runner.template.scenario.founder.ageAtStart
        var rows: [PrevalenceCSV.Row] = []
        for (a, assay) in runner.template.assays.enumerated() {
            let level = assay.level(meanCount: 1)
            var bins: [Int: (samples: Int, detected: Int, p: Double, cells: Double)] = [:]
            for (j, t) in times[a].enumerated() {
                var detected = 0, p = 0.0, cells = 0.0
                for woman in women {
                    let sample = woman.samples[a][j]
                    if sample.detected { detected += 1 }
                    p += sample.pDetect
                    cells += Double(sample.count)
                    if let days = woman.individual.daysSinceDelivery(at: t.time) {
                        let b = Int((days / Days.perYear / deliveryBinYears).rounded(.down))
                        var bin = bins[b] ?? (0, 0, 0, 0)
                        bin.samples += 1
                        bin.detected += sample.detected ? 1 : 0
                        bin.p += sample.pDetect
                        bin.cells += Double(sample.count)
                        bins[b] = bin
                    }
                }
                let n = Double(women.count)
                let age = (ageAtStart + t.time) / Days.perYear
                rows.append(PrevalenceCSV.Row(assay: assay.assay.name, by: "age", fromYears: age, toYears: age, samples: women.count,
                                              detected: detected, expectedFraction: p / n, meanPer1e5: level * cells / n))
            }
            for b in bins.keys.sorted() {
                let bin = bins[b]!
                let n = Double(bin.samples)
                rows.append(PrevalenceCSV.Row(assay: assay.assay.name, by: "years_since_delivery",
                                              fromYears: Double(b) * deliveryBinYears, toYears: Double(b + 1) * deliveryBinYears,
                                              samples: bin.samples, detected: bin.detected, expectedFraction: bin.p / n,
                                              meanPer1e5: level * bin.cells / n))
            }
        }
        return rows
    }

    /// Rows of individuals.csv: woman by woman, assay by assay, time by time.
    static func individuals(_ runner: CohortRunner, women: [CohortRunner.WomanRecord]) -> [IndividualsCSV.Row] {
        let times = runner.assayTimes
        let ageAtStart = runner.template.scenario.founder.ageAtStart
        var rows: [IndividualsCSV.Row] = []
        rows.reserveCapacity(women.count * times.reduce(0) { $0 + $1.count })
        for woman in women {
            let w = woman.individual
            let m = w.multipliers
            for (a, assay) in runner.template.assays.enumerated() {
                for (j, t) in times[a].enumerated() {
                    let sample = woman.samples[a][j]
                    rows.append(IndividualsCSV.Row(
                        individual: w.index, pregnancies: w.pregnancies.count, liveBirths: w.liveBirths, sons: w.sons,
                        multipliers: [m.clearance, m.homing, m.selfRenewal, m.transfer], assay: assay.assay.name,
                        time: t.time, ageYears: (ageAtStart + t.time) / Days.perYear,
                        yearsSinceDelivery: w.daysSinceDelivery(at: t.time).map { $0 / Days.perYear },
                        count: sample.count, pDetect: sample.pDetect, detected: sample.detected,
                        geqPer1e5: assay.level(meanCount: Double(sample.count))))
                }
            }
        }
        return rows
    }

    /// One line per pregnancy of a woman, for run.json of `--individual`.
    static func history(_ woman: CohortIndividual, ageAtStart: Double) -> [String] {
        func years(_ days: Double) -> String { String(format: "%.2f", days / Days.perYear) }
        let m = woman.multipliers
        var lines = woman.pregnancies.map { p in
            "\(p.child.name) (\(p.child.sex.rawValue)): conceived on day \(String(format: "%.1f", p.start))"
                + " (age \(years(ageAtStart + p.start)) years), \(p.outcome.name) on day \(String(format: "%.1f", p.end))"
        }
        lines.append(String(format: "rate multipliers: clearance %.4g, homing %.4g, self-renewal %.4g, transfer %.4g",
                            m.clearance, m.homing, m.selfRenewal, m.transfer))
        return lines
    }
}
