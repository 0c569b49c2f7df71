import Foundation
import MicrochimeraKit
import RandomStreams
import ScenarioFormat
import Testing
import TestSupport

/// Synthetic detection data drawn from the tool's own exact answer, and fits
/// of it through the library: the pieces of the parameter-recovery tests.
///
/// The design is `FitCommandTests.study` (one son, bone marrow the only
/// tissue, a 10 mL Y-chromosome blood draw): `samples` women sampled at each
/// of `years`. The free parameter is the progenitors' blood half-life on a
/// log scale between 2 hours and 30 days; at the truth, 1 day, P(positive)
/// falls from 0.45 at 2 years to 0.08 at 15 years, so every time informs.
enum FitRecovery {
    static let path = "cell_types.progenitor.clearance.half_life"
    /// The value the data are drawn at, in days.
    static let truth = 1.0
    static let free = "  \(path): { min: 2 hours, max: 30 days, scale: log }"
    static let years: [Double] = [2, 5, 10, 15]
    static let samples = 30

    /// The study's scenario, with the mother's age when given (a cohort's family needs it).
    /// `FitCommandTests.study` with its biology pinned where the calibration
    /// moves it (no niche, the placental transfer of 2026-12-06), so that what
    /// these tests measure (the fit's coverage and recovery of one half-life)
    /// does not change with each recalibration of the defaults.
    static func study(motherAge: String? = nil) -> String {
        FitCommandTests.study + "\n" + pinned + (motherAge.map { "\nmother: { age: \($0) }" } ?? "") + "\n"
    }

    /// The pinned biology of `study`.
    static let pinned = """
        transfer: { fetal_to_maternal: { peak: 50000 /day, pulse: { live_birth: 10000000 } } }
        cell_types:
          progenitor: { niche: { seeding: 0 /day, blood_cells: 0 } }
          mature: {}
        """

    /// Exact P(positive) of the study's assay at each of `years` for a half-life of `halfLife` days (moments, generating function).
    static func probabilities(halfLife: Double, years: [Double] = years, scenario: String = study()) throws -> [Double] {
        let predictor = try StudyPredictor(template: ScenarioTemplate(text: scenario, file: "study.yaml"), fixed: [], method: .moments,
                                           seed: 1, replicates: 0)
        let requests = years.map { PredictionRequest(assay: 0, time: $0 * 365.25) }
        return try predictor.predict(requests, overrides: [SetOverride(path: path, value: "\(halfLife) days")]).map(\.pPositive)
    }

    /// Dataset `d`: at each time, `Binomial(samples, p)` positives, drawn on its own Philox stream `(seed 19, point d)`.
    static func counts(dataset d: Int, probabilities: [Double]) -> [Int] {
        var rng = Philox4x64(stream: StreamID(seed: 19, point: UInt64(d), replicate: 0))
        return probabilities.map { Sampler.binomial(count: samples, probability: $0, using: &rng) }
    }

    /// A data CSV of `detected` rows: `positive[i]` of `n[i]` at `years[i]`.
    static func csv(years: [Double], n: [Int], positive: [Int]) -> String {
        "kind,assay,time,n,positive,value,se,source\n"
            + zip(years, zip(n, positive)).map { year, count in
                "detected,blood_y,\(year) years,\(count.0),\(count.1),,,simulated at half-life \(truth) days\n"
            }.joined()
    }

    /// A fresh folder with `scenario` (study.yaml), `data` (data.csv) and a fit file with `method` (fit.yaml).
    static func folder(scenario: String = study(), data: String, method: String = "moments") throws -> URL {
        let dir = try TemporaryDirectory.make("recovery")
        try scenario.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        try data.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let fitFile = FitCommandTests.fitFile(free: free) + "method: \(method)\n"
        try fitFile.write(to: dir.appendingPathComponent("fit.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Fits `dir`'s fit.yaml through the library (no log) into `dir/out`; returns fit.json's report.
    static func fit(_ dir: URL, out: String = "out", starts: Int = 2, replicates: Int = 1, threads: Int = 1) throws -> FitReport {
        let request = FitRequest(fitFilePath: dir.path + "/fit.yaml", outDirectory: dir.path + "/" + out, seed: 7, threads: threads,
                                 starts: starts, replicates: replicates)
        return try FitPipeline.run(request).report
    }

    /// The half-life's estimate and 95% interval (days) from `report`; fails the test when it has no interval.
    static func interval(_ report: FitReport) throws -> (estimate: Double, low: Double, high: Double) {
        let parameter = try #require(report.parameters.first { $0.path == path })
        let interval = try #require(parameter.interval95, "\(parameter.note)")
        return (parameter.estimate, interval[0].value, interval[1].value)
    }
}
