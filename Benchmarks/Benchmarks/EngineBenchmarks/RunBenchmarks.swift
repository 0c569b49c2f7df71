import Benchmark
import Foundation
import MicrochimeraKit

/// The default run as a user meets it: `microchimera run
/// scenarios/single-pregnancy.yaml` with the CLI's defaults (`--method auto`,
/// which picks `fast` here, 1,000 replicates, all cores), files and figure
/// included. One iteration (about 10–25 s on 2 cores).
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
}
