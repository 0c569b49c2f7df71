import BiologyModel
import RateModel
import Reporting

/// The few lines `run` prints after a run: what ran, how long it took, and
/// how long the cells lasted.
///
/// One line per origin in each host (at network level, one for the total):
/// the peak of all its cells and when, the probability that any are left
/// 10 and 30 years after the transfer ended (or the last checkpoint inside
/// the horizon), and for stochastic runs the median time to loss.
public enum RunHeadline {
    /// At most this many origin lines; the rest are in summary.csv.
    static let maximumLines = 6

    public static func lines(_ outcome: RunOutcome) -> [String] {
        let m = outcome.manifest
        let who = m.cohort.map { c in c.individual.map { "woman \($0) of a cohort of \(c.size), " } ?? "cohort of \(c.size) women, " } ?? ""
        let replicates = m.method.ran == .moments ? "exact moments" : "\(m.replicates.simulated) replicates"
        var lines = ["\(m.scenario.name): \(who)method \(m.method.ran) (\(replicates)), \(outcome.result.times.count) output times, "
            + "\(outcome.result.series.count) series, \(ReadableUnits.number(m.wallTimeSeconds, digits: 3)) s"]
        let totals = headlineRows(outcome.summary)
        for row in totals.prefix(maximumLines) {
            lines.append("  " + sentence(row, scenario: outcome.compiled?.scenario, cohort: m.cohort != nil && m.cohort?.individual == nil))
        }
        if totals.count > maximumLines { lines.append("  … \(totals.count - maximumLines) more in summary.csv") }
        return lines
    }

    /// The total over cell types and compartments of each (host, origin), or the network total.
    static func headlineRows(_ summary: [SeriesSummary]) -> [SeriesSummary] {
        summary.filter { $0.label.compartment == .total && $0.label.origin != .allOrigins
            && ($0.label.cellType == .allCellTypes || $0.label.cellType == .absent) }
    }

    /// `son in mother: mean peak 1.33 million cells at year 0.77; still present 10 years after delivery: >99%, 30 years: 81%; median loss 34.2 years`.
    static func sentence(_ row: SeriesSummary, scenario: BiologyScenario?, cohort: Bool) -> String {
        let l = row.label
        let name = l.host.isEmpty ? "all cells" : "\(l.origin.text) in \(l.host)"
        var text = "\(name): mean peak \(ReadableUnits.cells(row.peakMean)) cells at year "
            + ReadableUnits.years(row.peakTimeDays)
        let after = cohort ? "time 0" : ReferenceEvent.phrase(host: l.host, origin: l.origin.text, reference: row.referenceDays, scenario: scenario)
        let checks = zip(SummaryCSV.checkpointYears, row.pPresent).compactMap { y, p in p.map { (y, $0) } }
        let shown = checks.filter { [10, 30].contains($0.0) }
        let picked = shown.isEmpty ? Array(checks.suffix(1)) : shown
        if !picked.isEmpty {
            text += "; still present " + picked.enumerated().map { i, c in
                (i == 0 ? "\(c.0) years after \(after): " : "\(c.0) years: ") + ReferenceEvent.percent(c.1)
            }.joined(separator: ", ")
        }
        if let median = row.lossYears.q50 {
            text += "; median loss \(ReadableUnits.number(median, digits: 3)) years"
        } else if let censored = row.lossCensored {
            text += "; \(ReferenceEvent.percent(censored)) keep cells to the end"
        }
        return text
    }
}
