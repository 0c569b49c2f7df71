import Engines
import Foundation
import Optimization
import RandomStreams
import Reporting
import ScenarioFormat
import StochasticEngines
import Synchronization

/// The whole of `microchimera fit`: maximum likelihood over a fit file's free
/// parameters, 95% profile-likelihood intervals, and the files that show them.
///
/// **Estimate.** The starts are a Latin hypercube over the box of the free
/// parameters' bounds (log10 of the value on a log scale), drawn from the
/// stream `(seed, point 0, replicate 0, substream 1)`; from each start a
/// derivative-free local optimiser (NLopt, `FitPipeline.settings`) minimises
/// the negative log-likelihood inside the box. Starts run in parallel, each
/// on its own, so the result does not depend on `threads`; the estimate is
/// the best end point (the lowest-numbered start on a tie).
///
/// **Intervals.** Each parameter's profile re-optimises the others on a grid
/// out to both bounds (`ProfileLikelihood`); the 95% interval is where the
/// profile log-likelihood falls 1.92 (half the χ²₁ 0.95 quantile 3.84) below
/// the maximum. A profile that stays within 1.92 out to both bounds is
/// reported as not identifiable, with no interval; one that does on one side
/// gives an interval that reaches that bound (`at_bound`). Parameters are
/// profiled in parallel, each side of each profile a job of its own.
///
/// Nothing is written unless every stage succeeded; the files are committed
/// together and atomically (`OutputSet`).
public enum FitPipeline {
    /// The local optimiser and its stopping rules (recorded in fit.json).
    static let settings = OptimizerSettings(algorithm: .bobyqa, relativeTolerance: 1e-7, absoluteTolerance: 1e-6, maxEvaluations: 3000)

    /// Runs `request` and writes its files.
    public static func run(_ request: FitRequest) throws(RunError) -> FitOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let problem = try load(request)
        let counter = EvaluationCounter()
        let objective = counter.counting(problem.objective)
        let (best, ends, design) = try estimate(problem, objective: objective, request: request)
        request.log?("maximum log-likelihood \(NumberFormat.shortest(-best.value)); profiling \(problem.coordinates.count) parameter(s)")
        let profiles = profile(problem, optimum: best, objective: objective, threads: request.threads)
        let fits = try problem.evaluate(best.point)
        let report = FitReporting(problem: problem, request: request, best: best, ends: ends, design: design, profiles: profiles,
                                  fits: fits, evaluations: counter.value)
        let fitJSON = report.makeReport(startedAt: startedAt, wallTime: seconds(clock.now - started))
        let outputs = try report.outputs(report: fitJSON)
        let directory = request.resolvedOutDirectory
        let paths = try commit(outputs, into: directory)
        return FitOutcome(directory: directory, files: paths, report: fitJSON, summary: report.summaryLines())
    }

    /// Loads the request's fit file and every study into a checked `FitProblem`.
    static func load(_ request: FitRequest) throws(RunError) -> FitProblem {
        try request.validate()
        let file: FitFile
        do { file = try FitFile.load(path: request.fitFilePath) } catch { throw .scenario(error) }
        let method = MethodRequest(name: file.method ?? EngineKind.moments.name)
        return try FitProblem(file: file, request: request, method: method)
    }

    /// The maximum-likelihood estimate: a local optimisation from every start
    /// of the Latin hypercube (`request.starts`, seed `request.seed`), in
    /// parallel; the best end point, the lowest-numbered start on a tie.
    static func estimate(_ problem: FitProblem, objective: @escaping @Sendable ([Double]) -> Double, request: FitRequest)
        throws(RunError) -> (best: OptimizationResult, ends: [OptimizationResult], design: [[Double]]) {
        let count = request.starts ?? FitRequest.defaultStarts
        request.log?("fitting \(problem.coordinates.count) free parameter(s) to \(problem.observationCount) observations "
                     + "of \(problem.studies.count) stud\(problem.studies.count == 1 ? "y" : "ies") (method \(problem.method.name)): \(count) starts")
        let box = problem.box
        let design = LatinHypercube.points(count: count, in: box, stream: StreamID(seed: request.seed, point: 0, replicate: 0, substream: 1))
        let ends = parallelMap(count: design.count, threads: request.threads) {
            BoundedOptimizer.minimize(objective, start: design[$0], box: box, settings: settings)
        }
        return (try best(of: ends), ends, design)
    }

    /// The lowest end (the first in order on a tie), or a usage error when none is finite.
    static func best(of ends: [OptimizationResult]) throws(RunError) -> OptimizationResult {
        guard let best = ends.enumerated().min(by: { $0.element.value < $1.element.value || ($0.element.value == $1.element.value && $0.offset < $1.offset) })?.element,
              best.value.isFinite else {
            throw .usage("no start gave a finite likelihood: the model gives the data probability 0 everywhere it was tried "
                         + "(e.g. P(positive) = 0 where some sample was positive); widen the free parameters' bounds or check the data")
        }
        return best
    }

    /// Every parameter's profile around `optimum`: both sides of each are
    /// independent jobs, 2·k of them in parallel. `gridPoints` values per
    /// side and a crossing located to `xTolerance` of the box's width (as
    /// `ProfileLikelihood.side` defines them): `fit` uses 8 and 1e-6. A
    /// calibration of many parameters walks its profiles by curvature
    /// instead (`CalibrationPipeline.profiles`).
    static func profile(_ problem: FitProblem, optimum: OptimizationResult, objective: @escaping @Sendable ([Double]) -> Double,
                        threads: Int, gridPoints: Int = 8, xTolerance: Double = 1e-6) -> [Profile] {
        let box = problem.box
        let sides = problem.coordinates.indices.flatMap { i in ProfileSide.allCases.map { (parameter: i, side: $0) } }
        let halves = parallelMap(count: sides.count, threads: threads) {
            ProfileLikelihood.side(sides[$0].side, parameter: sides[$0].parameter, optimum: optimum, box: box, objective: objective, settings: settings,
                                   gridPoints: gridPoints, xTolerance: xTolerance)
        }
        return problem.coordinates.indices.map { i in
            ProfileLikelihood.combine(parameter: i, optimum: optimum, lower: halves[2 * i], upper: halves[2 * i + 1], settings: settings)
        }
    }

    /// `body(i)` for `i` in `0..<count`, one job per index on `threads`
    /// workers, in index order whatever the thread count.
    static func parallelMap<T: Sendable>(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let (_, chunks) = ParallelChunks.run(count: count, chunkSize: 1, threads: threads, local: { () }) {
            (_: inout Void, range: Range<Int>) -> [T] in range.map(body)
        }
        return chunks.flatMap { $0 }
    }

    /// Writes `outputs` (paths inside `directory`) all or nothing, in place
    /// of the previous fit's or calibration's set there; the paths written.
    static func commit(_ outputs: [(name: String, contents: String)], into directory: String) throws(RunError) -> [String] {
        var set = OutputSet(directory: directory)
        for (name, contents) in outputs { set.add(name, contents: contents) }
        set.previous = previousOutputs(in: directory)
        do { return try set.commit() } catch { throw .output(error) }
    }

    /// The files a previous fit or calibration wrote in `folder`, read from
    /// its fit.json (its studies' `fitted/NAME.yaml`) and, when there is one,
    /// calibration.json (its three files); none without a fit.json this tool wrote.
    static func previousOutputs(in folder: String) -> [String] {
        guard let text = ManifestFile.read(folder + "/fit.json"), let report = try? FitReport.decode(jsonText: text) else { return [] }
        var names = ["fit.json", "residuals.csv", "fit.svg", "profiles.svg"] + report.studies.map { "fitted/\($0.name).yaml" }
        if let text = ManifestFile.read(folder + "/calibration.json"), (try? CalibrationReport.decode(jsonText: text)) != nil {
            names += ["calibration.json", "validation.csv", "validation.svg"]
        }
        return names
    }

    /// A duration in seconds.
    static func seconds(_ elapsed: Duration) -> Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

/// What a fit produced.
public struct FitOutcome: Sendable {
    public let directory: String
    /// Paths of the files written.
    public let files: [String]
    /// What fit.json holds (the same values as the file written).
    public let report: FitReport
    /// The terminal summary: one line per parameter, then the worst-fitting observations.
    public let summary: [String]
}

/// Counts the likelihood evaluations of a fit, from any thread.
final class EvaluationCounter: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    /// Counts `n` evaluations made outside `counting`.
    func add(_ n: Int) { count.add(n, ordering: .relaxed) }

    /// `objective`, counting each call.
    func counting(_ objective: @escaping @Sendable ([Double]) -> Double) -> @Sendable ([Double]) -> Double {
        { x in
            self.count.add(1, ordering: .relaxed)
            return objective(x)
        }
    }
}
