import Benchmark
import Foundation
import MicrochimeraKit

/// A whole `microchimera fit` of the worked example (scripts/examples/fit/:
/// 3 free parameters, 3 studies of 10 observations each, moments), with the
/// default 8 starts and the profiles of all 3 parameters, on every core, files
/// written to a temporary folder. The issue asks for under 60 s on 2 cores.
func registerFitPipelineBenchmarks() {
    let fitFile = BenchmarkFixtures.repositoryRoot + "/scripts/examples/fit/persistence.fit.yaml"
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mc-bench-fit-\(getpid())").path
    Benchmark("fit worked example (3 parameters, 3 studies, 8 starts + profiles)",
              configuration: .init(metrics: [.wallClock, .cpuTotal], warmupIterations: 0, maxDuration: .seconds(600), maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations {
            let request = FitRequest(fitFilePath: fitFile, outDirectory: out, threads: ProcessInfo.processInfo.activeProcessorCount)
            blackHole(try FitPipeline.run(request))
        }
        try? FileManager.default.removeItem(atPath: out)
    }
}
