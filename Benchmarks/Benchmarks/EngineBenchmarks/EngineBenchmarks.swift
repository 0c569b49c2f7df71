import Benchmark
import Engines
import Foundation
import LinearAlgebra
import MicrochimeraKit

/// Benchmarks of the linear-algebra layer and the engines.
///
/// - `expm n=N`: one matrix exponential of an N×N generator (BLAS dgemm, LAPACK dgesv_).
/// - `moments single-pregnancy`: the whole mean computation of the default scenario.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 200)

    for n in [8, 32, 128, 512] {
        let generator = BenchmarkFixtures.generator(size: n)
        Benchmark("expm n=\(n)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try generator.exponential(times: 365.25))
            }
        }
    }

    let scenario = BenchmarkFixtures.repositoryRoot + "/scenarios/single-pregnancy.yaml"
    Benchmark("moments single-pregnancy") { benchmark in
        let loaded = try RunPipeline.load(path: scenario, overrides: [])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try MomentsEngine(model: loaded.model).run())
        }
    }
}
