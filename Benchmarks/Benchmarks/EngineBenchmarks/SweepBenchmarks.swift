import Benchmark
import Engines
import Foundation
import MicrochimeraKit

/// Sweep throughput on the default scenario: each iteration is a whole
/// `microchimera sweep` of 2 points (a grid over the mature cells' clearance
/// half-life) on all cores, files included; points/s is 2 × throughput.
///
/// - `sweep moments single-pregnancy`: exact moments per point;
/// - `sweep fast single-pregnancy (100 replicates)`: 100 fast trajectories
///   per point (about half a minute: one iteration).
func registerSweepBenchmarks() {
    let scenario = BenchmarkFixtures.repositoryRoot + "/scenarios/single-pregnancy.yaml"
    let axis = try! SweepAxis(parsing: "transfer.fetal_to_maternal.peak=100000 /day:400000 /day:2")
    let threads = ProcessInfo.processInfo.activeProcessorCount
    func sweep(_ method: MethodRequest, replicates: Int) throws {
        let dir = NSTemporaryDirectory() + "mc-bench-sweep-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SweepPipeline.run(SweepRequest(scenarioPath: scenario, axes: [axis], outDirectory: dir,
                                               options: .init(replicates: replicates, method: method, threads: threads)))
    }
    Benchmark("sweep moments single-pregnancy (2 points)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(30), maxIterations: 5)) { benchmark in
        for _ in benchmark.scaledIterations { try sweep(.moments, replicates: 1) }
    }
    Benchmark("sweep fast single-pregnancy (2 points, 100 replicates)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(1), maxIterations: 1)) { benchmark in
        for _ in benchmark.scaledIterations { try sweep(.fast, replicates: 100) }
    }
}
