import Benchmark
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// The default run as a user meets it: `microchimera run
/// scenarios/single-pregnancy.yaml` with the CLI's defaults (`--method auto`,
/// which picks `fast` here, 1,000 replicates, all cores), files and figure
/// included. One iteration (about 10–25 s on 2 cores).
///
/// `run cohort single-pregnancy (2,000 women, fast)`: the cohort of issue
/// #24 (`Benchmarks/models/cohort-single-pregnancy.yaml`, 60 years, the
/// default biology) at 2,000 women instead of 100,000, files included, all
/// cores. Its cost is linear in the women (docs/performance.md, "Why the
/// fast engine and the cohort miss their targets"): 50 times this, less the
/// run's fixed cost (its shared matrices and the files, 0.1–0.3 CPU-s), is
/// the 100,000-woman run. One iteration (about 2–5 s on 2 cores).
func registerRunBenchmarks() {
    let scenario = BenchmarkFixtures.repositoryRoot + "/scenarios/single-pregnancy.yaml"
    let threads = ProcessInfo.processInfo.activeProcessorCount
    Benchmark("run single-pregnancy (auto, 1,000 replicates)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(1), maxIterations: 1)) { benchmark in
        for _ in benchmark.scaledIterations {
            let dir = NSTemporaryDirectory() + "mc-bench-run-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let options = SimulationOptions(replicates: SimulationOptions.defaultReplicates, method: .auto, threads: threads)
            blackHole(try RunPipeline.run(RunRequest(scenarioPath: scenario, outDirectory: dir, options: options)))
        }
    }
    let cohort = BenchmarkFixtures.repositoryRoot + "/Benchmarks/models/cohort-single-pregnancy.yaml"
    Benchmark("run cohort single-pregnancy (2,000 women, fast)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(1), maxIterations: 1)) { benchmark in
        for _ in benchmark.scaledIterations {
            let dir = NSTemporaryDirectory() + "mc-bench-run-cohort-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let options = SimulationOptions(method: .fast, threads: threads,
                                            overrides: [SetOverride(path: "cohort.size", value: "2000")])
            blackHole(try RunPipeline.run(RunRequest(scenarioPath: cohort, outDirectory: dir, options: options)))
        }
    }
}
