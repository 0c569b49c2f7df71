import Benchmark
import Engines
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// One likelihood evaluation of `microchimera fit`: `StudyPredictor.predict`
/// on the default biology (scenarios/single-pregnancy.yaml) at 10 observation
/// times (its two assays at their sampling times), moments, with one free
/// parameter's override applied and the scenario recompiled each iteration,
/// as the fit's objective does. The issue asks for ≤ 20 ms.
///
/// `fit stochastic P(positive)`: the same with `method: fast` on
/// Benchmarks/models/single-pregnancy-blood-draw.yaml (the default biology, a
/// 10 mL Y-chromosome draw, limit 1, at 10 times over 45 years), 1,000
/// replicates on 2 threads: the conditional estimate of docs/fit.md
/// ("Stochastic P(positive) for fit"). Issue 24 asks for a standard error
/// ≤ 0.005 in under 1 s.
func registerFitBenchmarks() {
    let scenario = BenchmarkFixtures.repositoryRoot + "/scenarios/single-pregnancy.yaml"
    let predictor = try! StudyPredictor(template: ScenarioTemplate(path: scenario), fixed: [], method: .moments, seed: 1, replicates: 0)
    let requests = predictor.assays.enumerated().flatMap { a, assay in
        assay.assay.times.map { PredictionRequest(assay: a, time: $0) }
    }
    precondition(requests.count == 10, "the benchmark's study has 10 observation times")
    let peaks = ["150000 /day", "200000 /day", "250000 /day"]
    Benchmark("fit likelihood evaluation single-pregnancy (10 times, moments)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(5), maxIterations: 200)) { benchmark in
        for i in benchmark.scaledIterations {
            let peak = SetOverride(path: "transfer.fetal_to_maternal.peak", value: peaks[i % peaks.count])
            blackHole(try predictor.predict(requests, overrides: [peak]))
        }
    }
    let study = BenchmarkFixtures.repositoryRoot + "/Benchmarks/models/single-pregnancy-blood-draw.yaml"
    let fast = try! StudyPredictor(template: ScenarioTemplate(path: study), fixed: [], method: MethodRequest(name: "fast"), seed: 1,
                                   replicates: 1000, threads: 2)
    let draws = fast.assays[0].assay.times.map { PredictionRequest(assay: 0, time: $0) }
    precondition(draws.count == 10, "the stochastic benchmark's study has 10 sampling times")
    Benchmark("fit stochastic P(positive) single-pregnancy 10 mL (10 times, fast, 1000 replicates, 2 threads)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput], maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
        for i in benchmark.scaledIterations {
            let peak = SetOverride(path: "transfer.fetal_to_maternal.peak", value: peaks[i % peaks.count])
            blackHole(try fast.predict(draws, overrides: [peak]))
        }
    }
}
