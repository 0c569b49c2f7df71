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
}
