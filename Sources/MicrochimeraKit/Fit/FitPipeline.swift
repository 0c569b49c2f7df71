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
        try request.validate()
        let file: FitFile
        do { file = try FitFile.load(path: request.fitFilePath) } catch { throw .scenario(error) }
        let method = MethodRequest(name: file.method ?? EngineKind.moments.name)
        let problem = try FitProblem(file: file, request: request, method: method)
        let count = request.starts ?? FitRequest.defaultStarts
        request.log?("fitting \(problem.coordinates.count) free parameter(s) to \(problem.observationCount) observations "
                     + "of \(problem.studies.count) stud\(problem.studies.count == 1 ? "y" : "ies") (method \(method.name)): \(count) starts")
        let counter = EvaluationCounter()
        let objective = counter.counting(problem.objective)
        let box = problem.box
        let design = LatinHypercube.points(count: count, in: box, stream: StreamID(seed: request.seed, point: 0, replicate: 0, substream: 1))
        let (_, chunks) = ParallelChunks.run(count: design.count, chunkSize: 1, threads: request.threads, local: { () }) {
            (_: inout Void, range: Range<Int>) -> [OptimizationResult] in
            range.map { BoundedOptimizer.minimize(objective, start: design[$0], box: box, settings: settings) }
        }
        let ends = chunks.flatMap { $0 }
        guard let best = ends.enumerated().min(by: { $0.element.value < $1.element.value || ($0.element.value == $1.element.value && $0.offset < $1.offset) })?.element,
              best.value.isFinite else {
            throw .usage("no start gave a finite likelihood: the model gives the data probability 0 everywhere it was tried "
                         + "(e.g. P(positive) = 0 where some sample was positive); widen the free parameters' bounds or check the data")
        }
        request.log?("maximum log-likelihood \(NumberFormat.shortest(-best.value)); profiling \(problem.coordinates.count) parameter(s)")
        // Both sides of every parameter's profile are independent jobs: 2·k of them run in parallel.
        let sides = problem.coordinates.indices.flatMap { i in ProfileSide.allCases.map { (parameter: i, side: $0) } }
        let (_, halfChunks) = ParallelChunks.run(count: sides.count, chunkSize: 1, threads: request.threads, local: { () }) {
            (_: inout Void, range: Range<Int>) -> [HalfProfile] in
            range.map { ProfileLikelihood.side(sides[$0].side, parameter: sides[$0].parameter, optimum: best, box: box,
                                               objective: objective, settings: settings) }
        }
        let halves = halfChunks.flatMap { $0 }
        let profiles = problem.coordinates.indices.map { i in
            ProfileLikelihood.combine(parameter: i, optimum: best, lower: halves[2 * i], upper: halves[2 * i + 1], settings: settings)
        }
        let fits = try problem.evaluate(best.point)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let report = FitReporting(problem: problem, request: request, best: best, ends: ends, design: design, profiles: profiles,
                                  fits: fits, evaluations: counter.value)
        let fitJSON = report.makeReport(startedAt: startedAt, wallTime: seconds)
        let outputs = try report.outputs(report: fitJSON)
        let directory = request.resolvedOutDirectory
        var set = OutputSet(directory: directory)
        for (name, contents) in outputs { set.add(path: directory + "/" + name, contents: contents) }
        let paths: [String]
        do { paths = try set.commit() } catch { throw .output(error) }
        return FitOutcome(directory: directory, files: paths, report: fitJSON, summary: report.summaryLines())
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

    /// `objective`, counting each call.
    func counting(_ objective: @escaping @Sendable ([Double]) -> Double) -> @Sendable ([Double]) -> Double {
        { x in
            self.count.add(1, ordering: .relaxed)
            return objective(x)
        }
    }
}
