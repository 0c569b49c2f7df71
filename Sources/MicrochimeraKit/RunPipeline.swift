import BiologyModel
import Engines
import Foundation
import RateModel
import Reporting
import ScenarioFormat

/// The whole of `microchimera run`: read and validate the scenario, choose and
/// run an engine, then write `timeseries.csv`, `run.json` and (if asked) the
/// trajectories file atomically.
///
/// Nothing is written unless everything before the write succeeded.
public enum RunPipeline {
    /// Loads and validates a scenario with its overrides.
    public static func load(path: String, overrides: [SetOverride]) throws(RunError) -> LoadedScenario {
        do {
            return try ScenarioLoader.load(path: path, overrides: overrides)
        } catch {
            throw .scenario(error)
        }
    }

    /// Runs `request` and writes its files.
    public static func run(_ request: RunRequest) throws(RunError) -> RunOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = ISO8601DateFormatter().string(from: Date())
        guard request.replicates >= 1 else { throw .usage("--replicates must be at least 1, got \(request.replicates)") }
        guard request.threads >= 1 else { throw .usage("--threads must be at least 1, got \(request.threads)") }

        let scenario = try load(path: request.scenarioPath, overrides: request.overrides)
        let choice = try MethodChoice.resolve(request.method, for: scenario.model)
        if request.trajectoriesPath != nil && choice.ran == .moments {
            throw .usage("--trajectories needs a stochastic method (exact or fast); moments computes no trajectories")
        }
        if scenario.cohort != nil {
            throw .usage("\(scenario.file): 'cohort:' is validated but cohort simulation is not available in this version yet; remove the cohort block to run one family")
        }
        let reported = scenario.compiled?.layout ?? SeriesLayout(network: scenario.model)
        let assaySeries = scenario.compiled.map(AssayEvaluation.series) ?? []
        let layout = SeriesLayout(entries: reported.entries + assaySeries)
        let output: EngineDispatch.Output
        do {
            output = try EngineDispatch.run(choice.ran, model: scenario.model, layout: layout, request: request)
        } catch {
            throw .engine(error)
        }
        let result = RunResult(times: output.result.times, series: Array(output.result.series.prefix(reported.count)),
                               method: output.result.method)
        var assayRows: [AssayCSV.Row] = []
        if let compiled = scenario.compiled, !compiled.assays.isEmpty {
            do {
                assayRows = try assays(compiled, output: output, firstAssaySeries: reported.count)
            } catch {
                throw .engine(error)
            }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var files = ["timeseries.csv", "run.json"]
        if !assayRows.isEmpty { files.append("assay.csv") }
        if let path = request.trajectoriesPath { files.append(path) }
        let manifest = RunManifest(
            version: MicrochimeraVersion.current,
            startedAt: startedAt,
            wallTimeSeconds: seconds,
            scenario: .init(file: scenario.file, name: scenario.model.name, sha256: SHA256.hexDigest(scenario.sourceBytes),
                            extends: scenario.bases.map { .init(file: $0.file, sha256: SHA256.hexDigest($0.bytes)) },
                            description: scenario.description, level: scenario.compiled == nil ? "network" : "biology"),
            overrides: scenario.overrides.map { .init(path: $0.path, value: $0.value) },
            method: .init(requested: choice.requested.rawValue, ran: choice.ran.rawValue, reason: choice.reason),
            seed: request.seed,
            threads: request.threads,
            replicates: .init(requested: request.replicates, simulated: output.replicates),
            resolved: ResolvedNetwork(scenario.model),
            outputs: files,
            eventsSimulated: output.events)
        let directory = request.resolvedOutDirectory
        var outputSet = OutputSet(directory: directory)
        outputSet.add(files[0], contents: TimeSeriesCSV.render(result))
        outputSet.add(files[1], contents: manifest.jsonText())
        if !assayRows.isEmpty { outputSet.add("assay.csv", contents: AssayCSV.render(assayRows)) }
        if let path = request.trajectoriesPath, let trajectories = output.trajectories {
            outputSet.add(path: path, contents: TrajectoryCSV.render(
                trajectories: trajectories, times: scenario.model.outputTimes, compartments: scenario.model.compartments.map(\.name)))
        }
        let paths: [String]
        do {
            paths = try outputSet.commit()
        } catch {
            throw .output(error)
        }
        return RunOutcome(directory: directory, files: paths, result: result, manifest: manifest)
    }
}

extension RunPipeline {
    /// The assay table: from the exact histograms of a stochastic run, or for
    /// the moments method from the generating function, `P(K = 0) =
    /// G_S(1 − f)` (limit of detection 1 only; other limits need samples).
    static func assays(_ compiled: CompiledScenario, output: EngineDispatch.Output, firstAssaySeries: Int) throws(EngineError) -> [AssayCSV.Row] {
        if let accumulator = output.accumulator {
            return AssayEvaluation.rows(compiled, accumulator: accumulator, firstAssaySeries: firstAssaySeries)
        }
        let times = compiled.network.outputTimes
        let targets = compiled.assays.map { GeneratingTarget(compartments: $0.compartments, argument: 1 - $0.sampledFraction) }
        let logG = try MomentsEngine(model: compiled.network).logGeneratingFunction(targets: targets)
        var rows: [AssayCSV.Row] = []
        for (a, assay) in compiled.assays.enumerated() {
            for t in assay.assay.times.sorted() {
                guard let k = times.firstIndex(of: t) else { continue }
                let mean = output.result.series[firstAssaySeries + a].points[k].mean
                let p: Double? = assay.assay.limitOfDetection == 1 ? -expm1(logG[k][a]) : nil
                rows.append(AssayEvaluation.row(assay, time: t, pDetect: p, meanCount: mean))
            }
        }
        return rows
    }
}

/// What a successful run produced.
public struct RunOutcome: Sendable {
    public let directory: String
    /// Paths of the files written.
    public let files: [String]
    public let result: RunResult
    public let manifest: RunManifest
}
