import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import RandomStreams
import ScenarioFormat
import Testing

/// `StudyPredictor` on scenario files: the same numbers as `run`'s assay.csv,
/// cohorts as the average of their women, common random numbers.
@Suite("Study predictor: scenarios")
struct StudyPredictorScenarioTests {
    static func scenario(_ name: String) -> String {
        CLIHarness.packageRoot.appendingPathComponent("scenarios/" + name).path
    }

    /// `run`'s assay rows for `compiled` (moments, all of its output times and covariance; no p_present of the series, which assays do not use).
    static func runRows(_ compiled: CompiledScenario, path: String) throws -> [String: (p: Double?, level: Double)] {
        let request = RunRequest(scenarioPath: path, options: SimulationOptions(method: .moments, threads: 1, presence: false), plot: false)
        let run = try RunPipeline.simulateFamily(model: compiled.network, compiled: compiled, request: request)
        return Dictionary(uniqueKeysWithValues: run.assayRows.map { ("\($0.assay)@\($0.time)", ($0.pDetect, $0.meanPer1e5)) })
    }

    /// Every sampling time of every assay, as requests.
    static func requests(_ assays: [CompiledAssay]) -> [PredictionRequest] {
        assays.enumerated().flatMap { a, assay in assay.assay.times.map { PredictionRequest(assay: a, time: $0) } }
    }

    @Test("the default biology (single-pregnancy.yaml): the predictions are run's assay.csv, computed at the sampling times only")
    func singlePregnancyMatchesRun() throws {
        let path = Self.scenario("single-pregnancy.yaml")
        let predictor = try StudyPredictor(template: ScenarioTemplate(path: path), fixed: [], method: .moments, seed: 1, replicates: 0)
        let requests = Self.requests(predictor.assays)
        let got = try predictor.predict(requests, overrides: [])
        let rows = try Self.runRows(#require(predictor.base.compiled), path: path)
        for (request, prediction) in zip(requests, got) {
            let row = try #require(rows["\(predictor.assays[request.assay].assay.name)@\(request.time)"])
            let p = try #require(row.p)
            // Different stop grids: the exponentials round differently and the
            // Riccati solve (with division) is accurate to 1e-10.
            #expect(abs(prediction.pPositive - p) <= 1e-8 * p + 1e-12, "\(request): \(prediction.pPositive) vs \(p)")
            #expect(abs(prediction.meanLevel - row.level) <= 1e-10 * row.level, "\(request): \(prediction.meanLevel) vs \(row.level)")
        }
    }

    @Test("a cohort's prediction is the average of its women's own moments runs (run --individual k), to 1e-8")
    func cohortIsTheAverageOfItsWomen() throws {
        let path = Self.scenario("cohort-blood-draw.yaml")
        let fixed = [SetOverride(path: "cohort.size", value: "5")]
        let predictor = try StudyPredictor(template: ScenarioTemplate(path: path), fixed: fixed, method: .moments, seed: 11, replicates: 0,
                                           threads: 2)
        let requests = Self.requests(predictor.assays)
        let got = try predictor.predict(requests, overrides: [])
        let template = try #require(predictor.base.compiled)
        let runner = CohortRunner(template: template, spec: try #require(predictor.base.cohort), seed: 11, threads: 1)
        var sums = [Double](repeating: 0, count: requests.count)
        var levels = sums
        var pregnancies: Set<Int> = []
        for k in 0..<5 {
            let woman = runner.individual(k)
            pregnancies.insert(woman.pregnancies.count)
            let rows = try Self.runRows(runner.compile(woman), path: path)
            for (i, request) in requests.enumerated() {
                let row = try #require(rows["\(predictor.assays[request.assay].assay.name)@\(request.time)"])
                sums[i] += try #require(row.p) / 5
                levels[i] += row.level / 5
            }
        }
        #expect(pregnancies.count > 1, "the women's histories differ, so the average is not one woman's")
        for i in requests.indices {
            #expect(abs(got[i].pPositive - sums[i]) <= 1e-8 * sums[i] + 1e-12, "\(requests[i]): \(got[i].pPositive) vs \(sums[i])")
            #expect(abs(got[i].meanLevel - levels[i]) <= 1e-10 * levels[i] + 1e-300)
        }
    }

    @Test("a cohort whose women share one history predicts exactly what that family predicts")
    func sameHistoryCohort() throws {
        let cohort = try StudyPredictor(template: ScenarioTemplate(text: CohortTests.sameHistoryCohort(size: 3), file: "c.yaml"),
                                        fixed: [], method: .moments, seed: 3, replicates: 0)
        let family = try StudyPredictor(template: ScenarioTemplate(text: CohortTests.family, file: "f.yaml"), fixed: [],
                                        method: .moments, seed: 3, replicates: 0)
        let requests = Self.requests(family.assays)
        let a = try cohort.predict(requests, overrides: [])
        let b = try family.predict(requests, overrides: [])
        for (x, y) in zip(a, b) {
            #expect(abs(x.pPositive - y.pPositive) <= 1e-14 * y.pPositive && abs(x.meanLevel - y.meanLevel) <= 1e-14 * y.meanLevel)
            #expect(y.pPositive > 0.01)
        }
    }

    @Test("common random numbers: the fast method's predictions depend on the seed and the parameters only, not on threads or on how the parameters were written")
    func commonRandomNumbers() throws {
        let template = try ScenarioTemplate(text: CohortTests.family, file: "f.yaml")
        func predictor(seed: UInt64 = 5, threads: Int = 1) throws -> StudyPredictor {
            try StudyPredictor(template: template, fixed: [], method: .fast, seed: seed, replicates: 64, threads: threads)
        }
        let requests = Self.requests(try predictor().assays)
        let path = "cell_types.stem.clearance.half_life"
        let base = try predictor().predict(requests, overrides: [])
        #expect(try predictor().predict(requests, overrides: []) == base)
        #expect(try predictor(threads: 2).predict(requests, overrides: []) == base)
        #expect(try predictor().predict(requests, overrides: [SetOverride(path: path, value: "48 hours")]) == base,
                "the same value written differently: the same streams, the same numbers")
        let slower = try predictor().predict(requests, overrides: [SetOverride(path: path, value: "3 days")])
        #expect(slower != base)
        #expect(try predictor().predict(requests, overrides: [SetOverride(path: path, value: "3 days")]) == slower)
        #expect(try predictor(seed: 6).predict(requests, overrides: []) != base)
    }

    @Test("cohorts use common random numbers too: the same women at every evaluation")
    func cohortCommonRandomNumbers() throws {
        let path = Self.scenario("cohort-blood-draw.yaml")
        let predictor = try StudyPredictor(template: ScenarioTemplate(path: path), fixed: [SetOverride(path: "cohort.size", value: "4")],
                                           method: .moments, seed: 2, replicates: 0, threads: 2)
        let requests = Self.requests(predictor.assays)
        let a = try predictor.predict(requests, overrides: [])
        #expect(try predictor.predict(requests, overrides: []) == a)
        let single = try StudyPredictor(template: ScenarioTemplate(path: path), fixed: [SetOverride(path: "cohort.size", value: "4")],
                                        method: .moments, seed: 2, replicates: 0, threads: 1)
        #expect(try single.predict(requests, overrides: []) == a)
    }

    @Test("bad requests and scenarios give errors that say what to fix")
    func errors() throws {
        let predictor = try StudyPredictor(template: ScenarioTemplate(text: CohortTests.family, file: "f.yaml"), fixed: [],
                                           method: .moments, seed: 1, replicates: 0)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch let error as RunError { return error.description } catch { return "\(error)" }
            return ""
        }
        #expect(message { _ = try predictor.predict([PredictionRequest(assay: 3, time: 1)], overrides: []) }.contains("indices 0..<1"))
        #expect(message { _ = try predictor.predict([PredictionRequest(assay: 0, time: 5000)], overrides: []) }.contains("horizon"))
        #expect(message { _ = try predictor.predict([PredictionRequest(assay: 0, time: 1)],
                                                    overrides: [SetOverride(path: "cell_types.stem.clearance.half_life", value: "-2 days")]) }
            .contains("half_life"))
        let network = """
            name: net
            horizon: 10 days
            output: { every: 1 day }
            network:
              compartments: [{ name: blood, initial: 3 }]
              flows: [{ from: blood, to: out, rate: 0.1 /day }]
            """
        #expect(message { _ = try StudyPredictor(template: ScenarioTemplate(text: network, file: "n.yaml"), fixed: [], method: .moments,
                                                 seed: 1, replicates: 0) }.contains("no assays"))
        #expect(message { _ = try StudyPredictor(template: ScenarioTemplate(text: CohortTests.family, file: "f.yaml"), fixed: [],
                                                 method: .fast, seed: 1, replicates: 0) }.contains("at least 1 replicate"))
    }
}
