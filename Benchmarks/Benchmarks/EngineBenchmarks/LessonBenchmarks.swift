import Benchmark
import Foundation
import MicrochimeraKit

/// Latency of the teaching page's answer (`LessonPipeline.answer`), the
/// library call behind every change the page makes (issue 22: 150 ms at the
/// 95th percentile for single-pregnancy, 1 s for every library scenario
/// moments can run, on 2 cores).
///
/// - `lesson answer NAME`: one exact answer of the library scenario NAME
///   (the timeline, the curves with the Y-chromosome draw, the narration,
///   summary.csv), for every library scenario the page answers with moments;
/// - `lesson stochastic cohort-blood-draw`: the page's bounded fallback, the
///   cohort of 60 women simulated once each with the fast engine on 2 threads.
func registerLessonBenchmarks() {
    let library = BenchmarkFixtures.repositoryRoot + "/scenarios"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: library)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 2,
                                                maxDuration: .seconds(10), maxIterations: 100)
    for file in names {
        guard let yaml = try? String(contentsOfFile: library + "/" + file, encoding: .utf8) else { continue }
        let request = LessonRequest(yaml: yaml, file: file)
        let stem = String(file.dropLast(5))
        guard case .answer? = try? LessonPipeline.answer(request) else {
            var stochastic = request
            stochastic.stochastic = true
            Benchmark("lesson stochastic \(stem)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations { blackHole(try LessonPipeline.answer(stochastic)) }
            }
            continue
        }
        Benchmark("lesson answer \(stem)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try LessonPipeline.answer(request)) }
        }
    }
}
