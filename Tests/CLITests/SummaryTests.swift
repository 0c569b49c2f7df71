import Foundation
import Testing

/// summary.csv: its probabilities are timeseries.csv's at the checkpoints,
/// its loss times follow the exact law of a pure-death process, and a
/// cohort's prevalence columns sample the exact family answer.
@Suite("summary.csv")
struct SummaryTests {
    static func csv(_ directory: String, _ name: String) throws -> [[String: String]] {
        try CohortTests.csv(directory, name)
    }

    static let checkpoints = [1, 5, 10, 20, 30, 50]

    /// Every `p_present_<y>y` equals timeseries.csv's `p_present` (the same
    /// text) at `reference_days + y·365.25`, and is empty exactly when that
    /// time lies beyond the horizon; `loss_censored` of a stochastic run is
    /// `p_present` at the last output.
    static func checkAgainstTimeseries(_ out: String, horizon: Double, stochastic: Bool) throws {
        let series = try csv(out, "timeseries.csv")
        let summary = try csv(out, "summary.csv")
        var byKey: [String: String] = [:]
        var last = (time: -1.0, text: "")
        for row in series {
            let t = Double(row["time_days"]!)!
            if t > last.time { last = (t, row["time_days"]!) }
            byKey[[row["time_days"]!, row["host"]!, row["origin"]!, row["cell_type"]!, row["compartment"]!].joined(separator: "|")] = row["p_present"]!
        }
        #expect(!summary.isEmpty)
        for row in summary {
            let keys = [row["host"]!, row["origin"]!, row["cell_type"]!, row["compartment"]!]
            let reference = try #require(Double(row["reference_days"]!))
            for y in checkpoints {
                let t = reference + Double(y) * 365.25
                let cell = row["p_present_\(y)y"]!
                if t > horizon {
                    #expect(cell.isEmpty, "\(keys) at \(y) y is beyond the horizon")
                    continue
                }
                let time = try #require(series.first { Double($0["time_days"]!)! == t }?["time_days"], "no output at day \(t)")
                let expected = try #require(byKey[([time] + keys).joined(separator: "|")])
                #expect(cell == expected, "\(keys) at \(y) y: summary \(cell), timeseries \(expected)")
            }
            if stochastic {
                let atEnd = try #require(byKey[([last.text] + keys).joined(separator: "|")])
                #expect(Double(row["loss_censored"]!) == Double(atEnd), "\(keys): censored fraction is p_present at the last output")
            }
        }
    }

    @Test("library scenarios: summary probabilities are timeseries p_present at the checkpoints (moments and fast)")
    func librarySummariesMatch() throws {
        for (scenario, method, horizon) in [("single-pregnancy", "moments", 50 * 365.25), ("transfusion", "fast", 0)] {
            let dir = try CLIHarness.temporaryDirectory()
            let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/\(scenario).yaml").path
            let r = try CLIHarness.run(["run", path, "--out", dir.path, "--method", method, "--replicates", "40", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let h = horizon > 0 ? horizon : try Self.csv(dir.path, "timeseries.csv").map { Double($0["time_days"]!)! }.max()!
            try Self.checkAgainstTimeseries(dir.path, horizon: h, stochastic: method != "moments")
        }
    }

    /// One compartment of 20 cells, each leaving at rate μ = 0.05/day: the
    /// loss time T is the largest of 20 exponentials, `P(T ≤ t) = (1 −
    /// e^{−μt})^20`. On a daily grid the reported loss is the first output
    /// day from which the compartment is empty, ⌈T⌉. With R = 4000 exact
    /// replicates, the reported p-quantile q must satisfy `F(⌈q⌉) ≥ p − 4σ`
    /// and `F(⌊q⌋ − 1) ≤ p + 4σ`, σ = √(p(1−p)/R). The horizon (100 days)
    /// censors P(T > 100) = 12.6% of replicates: q95 is empty.
    @Test("loss times of a pure-death compartment follow the exact law of the maximum of exponentials")
    func lossTimesExact() throws {
        let yaml = """
            name: pure death
            horizon: 100 days
            output: { every: 1 day }
            network:
              compartments:
                - { name: blood, initial: 20 }
              flows:
                - { from: blood, to: out, rate: 0.05 /day }
            """
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(yaml, named: "death.yaml", in: dir)
        let r = try CLIHarness.run(["run", path, "--out", dir.path + "/out", "--method", "exact", "--replicates", "4000",
                                    "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        try Self.checkAgainstTimeseries(dir.path + "/out", horizon: 100, stochastic: true)
        let row = try #require(Self.csv(dir.path + "/out", "summary.csv").first { $0["compartment"] == "blood" })
        #expect(row["reference_days"] == "0.0")
        func F(_ t: Double) -> Double { pow(1 - exp(-0.05 * max(t, 0)), 20) }
        for (p, column) in [(0.05, "loss_q05_years"), (0.5, "loss_q50_years")] {
            let q = try #require(Double(row[column]!)) * 365.25
            let sigma = (p * (1 - p) / 4000).squareRoot()
            #expect(F(q.rounded(.up) + 1e-9) >= p - 4 * sigma, "q\(p) = \(q) d: F = \(F(q.rounded(.up)))")
            #expect(F(q.rounded(.down) - 1) <= p + 4 * sigma, "q\(p) = \(q) d: F(q-1) = \(F(q.rounded(.down) - 1))")
        }
        #expect(row["loss_q95_years"] == "", "the 95% quantile lies beyond the horizon")
        let censored = try #require(Double(row["loss_censored"]!))
        let exact = 1 - F(100)
        #expect(abs(censored - exact) < 4 * (exact * (1 - exact) / 4000).squareRoot(), "censored \(censored), exact \(exact)")
    }

    /// Kinetics where a son's cells in marrow a year after delivery are
    /// present with probability well inside (0, 1).
    static let kinetics = """
        horizon: 2 years
        output: { every: 1 year }
        mother: { age: 25 years }
        tissues: [bone_marrow]
        cell_types:
          stem:
            share: 1
            clearance: { half_life: 2 days }
            homing: { bone_marrow: 0.05 /day }
            tissues:
              bone_marrow: { return: 0 /day, death: 0.004 /day }
        transfer:
          fetal_to_maternal: { peak: 0.5 /day, pulse: { live_birth: 3 } }
          maternal_to_fetal: { peak: 0 /day, pulse: { live_birth: 0 } }
        """

    /// 400 women with one identical history (a son conceived at day 0,
    /// delivered at day 280) are 400 samples of that family: the cohort's
    /// `prevalence_1y` of the son's marrow cells, looked at 1 year after each
    /// woman's delivery, has |z| < 4 against the family's exact P(present)
    /// then (moments), with z from the binomial sd. A wrong reference time
    /// (0 instead of 280 days) moves P(present) by about 0.2, more than 20 sd.
    @Test("a cohort's prevalence columns sample the exact family answer at each woman's checkpoint")
    func cohortPrevalenceMatchesExact() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let family = try CLIHarness.write("""
            name: one family
            \(Self.kinetics)
            pregnancies:
              - { child: child1, sex: male, start: 0 days, length: 40 weeks }
            """, named: "family.yaml", in: dir)
        let cohort = try CLIHarness.write("""
            name: same-history cohort
            \(Self.kinetics)
            cohort:
              size: 400
              pregnancies: [0, 1]
              first_pregnancy_age: { mean: 25 years, sd: 0 years }
              spacing: { mean: 3 years, sd: 0 years }
              outcomes: { live_birth: 1 }
              p_male: 1
            """, named: "cohort.yaml", in: dir)
        for (file, out, method) in [(family, "family", "moments"), (cohort, "cohort", "fast")] {
            let r = try CLIHarness.run(["run", file, "--out", dir.path + "/" + out, "--method", method, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        func marrow(_ rows: [[String: String]]) throws -> [String: String] {
            try #require(rows.first { $0["host"] == "mother" && $0["origin"] == "child1" && $0["cell_type"] == "stem"
                && $0["compartment"] == "bone_marrow" })
        }
        let exactRow = try marrow(Self.csv(dir.path + "/family", "summary.csv"))
        #expect(exactRow["reference_days"] == "280.0", "the son's transfer ends at delivery")
        let p = try #require(Double(exactRow["p_present_1y"]!))
        #expect(p > 0.2 && p < 0.8, "the check needs an intermediate probability, got \(p)")
        let cohortRow = try marrow(Self.csv(dir.path + "/cohort", "summary.csv"))
        #expect(cohortRow["women"] == "400")
        #expect(cohortRow["reference_days"] == "0.0", "a cohort's p_present columns count from time 0")
        #expect(cohortRow["prevalence_5y"] == "", "5 years after delivery lies beyond the 2-year horizon")
        let observed = try #require(Double(cohortRow["prevalence_1y"]!))
        let z = (observed - p) / (p * (1 - p) / 400).squareRoot()
        #expect(abs(z) < 4, "cohort prevalence \(observed), exact \(p), z = \(z)")
        try Self.checkAgainstTimeseries(dir.path + "/cohort", horizon: 2 * 365.25, stochastic: true)
    }
}
