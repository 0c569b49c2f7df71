import Benchmark
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// `microchimera run --method moments` on the library scenarios (issue 24:
/// under 2 s each on 2 cores), through `RunPipeline.run`, the call the CLI
/// makes: load, mean and covariance, P(present) of every series at every
/// output time, the assay table, and every file written (timeline.svg
/// included) into a scratch folder.
///
/// - `run moments NAME`: every library scenario that is not a cohort
///   (moments gives one family's expectations; a cohort is refused);
/// - `run moments NAME 40y`: three-generations and twins with
///   `--set horizon="40 years"`.
///
/// Both threads of the machine (`--threads 2`), as the CLI's default there.
func registerMomentsRunBenchmarks() {
    let library = BenchmarkFixtures.repositoryRoot + "/scenarios"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: library)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0,
                                                maxDuration: .seconds(10), maxIterations: 5)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("microchimera-moments-bench-\(getpid())").path
    func request(_ file: String, overrides: [SetOverride]) -> RunRequest {
        var options = SimulationOptions(method: .moments, threads: 2, overrides: overrides)
        options.progress = nil
        return RunRequest(scenarioPath: library + "/" + file, outDirectory: scratch + "/" + file, options: options)
    }
    var cases: [(name: String, request: RunRequest)] = []
    for file in names {
        guard let loaded = try? RunPipeline.load(path: library + "/" + file, overrides: []), loaded.cohort == nil else { continue }
        cases.append(("run moments \(file.dropLast(5))", request(file, overrides: [])))
    }
    let forty = [SetOverride(path: "horizon", value: "40 years")]
    for file in ["three-generations.yaml", "twins.yaml"] where names.contains(file) {
        cases.append(("run moments \(file.dropLast(5)) 40y", request(file, overrides: forty)))
    }
    for (name, run) in cases {
        Benchmark(name, configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try RunPipeline.run(run)) }
        }
    }
}
