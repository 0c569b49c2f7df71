import Benchmark
import Engines
import Foundation
import MicrochimeraKit
import RateModel
import ScenarioFormat

/// The issue-#7 targets that are not single trajectories:
///
/// - `moments ref-linear-7 point`: one sweep point's work, compile the
///   scenario with an override (the template parsed once) and compute the
///   mean and covariance at the 51 outputs (`presence: false`); points/s is
///   the throughput, on one core.
/// - `sweep moments ref-linear-7 (10,000 points)`: the whole
///   `microchimera sweep --method moments --no-p-present` of 10,000 points on
///   all cores, files included (a 415 MB sweep.csv); one iteration.
/// - `cohort single-pregnancy (4 women)`: a whole `run` of
///   `Benchmarks/models/cohort-single-pregnancy.yaml` with 4 women (`fast`,
///   all cores, files included); individuals/s is 4 × throughput.
func registerScalingBenchmarks() {
    let root = BenchmarkFixtures.repositoryRoot
    let reference = root + "/Benchmarks/models/ref-linear-7.yaml"
    let template = try! ScenarioTemplate(path: reference)
    let rate = SetOverride(path: "network.divisions[0].rate", value: "0.0011 /day")
    Benchmark("moments ref-linear-7 point (mean and sd at 51 outputs)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident])) { benchmark in
        for _ in benchmark.scaledIterations {
            let model = try template.load(overrides: [rate]).model
            blackHole(try MomentsEngine(model: model).run(layout: SeriesLayout(network: model), presence: false))
        }
    }
    let threads = ProcessInfo.processInfo.activeProcessorCount
    Benchmark("sweep moments ref-linear-7 (10,000 points, mean and sd)",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(1), maxIterations: 1)) { benchmark in
        let dir = NSTemporaryDirectory() + "mc-bench-sweep-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let request = SweepRequest(scenarioPath: reference,
                                   axes: [try SweepAxis(parsing: "network.divisions[0].rate=0.0005 /day:0.0015 /day:10000")],
                                   outDirectory: dir, options: .init(method: .moments, threads: threads, presence: false))
        benchmark.startMeasurement()
        blackHole(try SweepPipeline.run(request))
    }
    let cohort = root + "/Benchmarks/models/cohort-single-pregnancy.yaml"
    Benchmark("cohort single-pregnancy (4 women, fast)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(10), maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations {
            let dir = NSTemporaryDirectory() + "mc-bench-cohort-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let options = SimulationOptions(method: .fast, threads: threads, overrides: [SetOverride(path: "cohort.size", value: "4")])
            blackHole(try RunPipeline.run(RunRequest(scenarioPath: cohort, outDirectory: dir, options: options, plot: false)))
        }
    }
}
