import Benchmark
import Engines
import Foundation
import LinearAlgebra
import MicrochimeraKit
import RandomStreams
import StochasticEngines

/// Benchmarks of the linear-algebra layer and the engines.
///
/// - `philox 2^20 words, …`: the generator, one block at a time against
///   `next()`'s four-block refill, see `registerGeneratorBenchmarks`;
/// - `expm n=N`: one matrix exponential of an N×N generator (BLAS dgemm, LAPACK dgesv_).
/// - `moments single-pregnancy`: the whole moments computation of the default scenario.
/// - `exact ref-linear-7`: one exact trajectory of the reference model per
///   iteration; the `events` counter divided by wall time is events per second.
/// - `fast ref-linear-7`: one fast trajectory per iteration; each is 50
///   individual-years, so trajectories/s × 50 is individual-years per second.
/// - `run single-pregnancy`: the default run, see `registerRunBenchmarks`;
/// - sweeps: see `registerSweepBenchmarks`; moments points, the 10,000-point
///   sweep and the cohort: see `registerScalingBenchmarks`.
/// - `fit likelihood evaluation`: see `registerFitBenchmarks`;
/// - `fit worked example`: a whole fit, see `registerFitPipelineBenchmarks`;
/// - `lesson answer NAME`: the teaching page's answer, see `registerLessonBenchmarks`;
/// - `run moments NAME`: `run --method moments` on the library, see `registerMomentsRunBenchmarks`.
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

    let reference = try! RunPipeline.load(path: BenchmarkFixtures.repositoryRoot + "/Benchmarks/models/ref-linear-7.yaml", overrides: []).model
    let exact = try! ExactEngine(model: reference)
    Benchmark("exact ref-linear-7 (1 trajectory)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident,
                                                 .custom("events", polarity: .prefersLarger)])) { benchmark in
        var events = 0
        for i in benchmark.scaledIterations {
            var rng = Philox4x64(stream: StreamID(seed: 1, point: 0, replicate: UInt64(i)))
            events += exact.simulate(using: &rng) { _, counts in blackHole(counts) }
        }
        benchmark.measurement(.custom("events", polarity: .prefersLarger), events)
    }
    let fast = try! FastEngine(model: reference)
    Benchmark("fast ref-linear-7 (1 trajectory = 50 individual-years)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident])) { benchmark in
        for i in benchmark.scaledIterations {
            var rng = Philox4x64(stream: StreamID(seed: 1, point: 0, replicate: UInt64(i)))
            fast.simulate(using: &rng) { _, counts in blackHole(counts) }
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
    registerGeneratorBenchmarks()
    registerRunBenchmarks()
    registerSweepBenchmarks()
    registerScalingBenchmarks()
    registerFitBenchmarks()
    registerFitPipelineBenchmarks()
    registerLessonBenchmarks()
    registerMomentsRunBenchmarks()
}
