// Run/: the run pipeline, `microchimera run` on one family. `RunPipeline` loads a
// scenario, chooses an engine, simulates and writes timeseries.csv, summary.csv,
// assay.csv, run.json and timeline.svg atomically; beside it are what those files
// and the headline are made of (persistence summaries, checkpoints, assays, timeline
// events, readable units) and `RunError`, the error of every pipeline. The other
// folders (Cohort/, Sweep/, Describe/, Demo/) build on this one.

import BiologyModel
import Engines
import Foundation
import RateModel
import Reporting
import RandomStreams
import ScenarioFormat
import StochasticEngines

/// The whole of `microchimera run`: read and validate the scenario, choose and
/// run an engine, then write `timeseries.csv`, `summary.csv`, `run.json` and (if asked) the
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
        try request.options.validate()
        _ = try destination(request)

        let scenario = try load(path: request.scenarioPath, overrides: request.options.overrides)
        if let spec = scenario.cohort, let template = scenario.compiled {
            let runner = CohortRunner(template: template, spec: spec, seed: request.options.seed, threads: request.options.threads)
            if let k = request.individual {
                return try runIndividual(k, runner: runner, scenario: scenario, request: request, started: (clock, started, startedAt))
            }
            return try runCohort(runner, scenario: scenario, request: request, started: (clock, started, startedAt))
        }
        if request.individual != nil {
            throw .usage("--individual picks one woman of a cohort, but \(scenario.file) has no 'cohort:' block")
        }
        let files = try simulate(scenario, request: request)
        if request.options.stop?() == true { throw stopped }
        return try write(files, scenario: scenario, request: request, started: (clock, started, startedAt))
    }

    /// The in-memory part of `run` for a family (not a cohort): the summary
    /// checkpoints added to the output times, then the population
    /// prediction or the family's run; nothing is written. `run` and the
    /// teaching page's downloads (`LessonPipeline.download`) share it, so
    /// their bytes are the same.
    static func simulate(_ scenario: LoadedScenario, request: RunRequest) throws(RunError) -> FamilyRun {
        let compiled = scenario.compiled.map { SummaryCheckpoints.prepare($0) }
        let model = compiled?.network ?? SummaryCheckpoints.prepare(network: scenario.model)
        if let compiled, let population = compiled.scenario.population {
            return try simulatePopulation(population, compiled: compiled, request: request)
        }
        return try simulateFamily(model: model, compiled: compiled, request: request)
    }

    /// The error of a run whose `SimulationOptions.stop` ended it early: nothing is written.
    static let stopped = RunError.usage("the run was stopped (SimulationOptions.stop) before its end; nothing was written")

    /// When and how a run started, for its manifest.
    typealias Start = (clock: ContinuousClock, instant: ContinuousClock.Instant, iso: String)

    /// What one family's run produced, before anything is written.
    struct FamilyRun {
        let choice: EngineChoice
        let output: EngineOutput
        let result: RunResult
        let assayRows: [AssayCSV.Row]
        let model: NetworkModel
        let compiled: CompiledScenario?
        /// The reference time of each reported series (see `SummaryCheckpoints`).
        let references: [Double]
        var cohort: RunManifest.CohortRecord?
        /// The population the outputs average over (`population:`).
        var population: RunManifest.PopulationRecord?

        /// The rows of summary.csv.
        var summary: [SeriesSummary] {
            PersistenceSummary.rows(result, references: references, accumulator: output.accumulator)
        }
    }

    /// Chooses the engine (`request.options.engines`) and simulates one family (a
    /// network-level model, a biology-level family, or one woman of a cohort).
    /// `choice` overrides the resolution of `request.options.method`; `streams`
    /// names replicate `r`'s stream when it is not the default; `sample`, when
    /// given, replaces the chosen engine's ensemble (a population's women).
    static func simulateFamily(model: NetworkModel, compiled: CompiledScenario?, request: RunRequest, choice given: EngineChoice? = nil,
                               streams: (@Sendable (Int) -> StreamID)? = nil,
                               sample: ((SeriesLayout, EnsembleSettings) throws(EngineError) -> EngineOutput)? = nil) throws(RunError) -> FamilyRun {
        let choice: EngineChoice
        do throws(EngineError) {
            if let given { choice = given } else { choice = try request.options.engines.choose(request.options.method, for: model) }
        } catch {
            throw .engine(error)
        }
        let samples = choice.trajectoryEngine != nil
        if request.trajectoriesPath != nil && !samples {
            throw .usage("--trajectories needs a stochastic method (\(request.options.engines.samplingNames)); \(choice.kind) computes no trajectories")
        }
        let reported = compiled?.layout ?? SeriesLayout(network: model)
        let assaySeries = compiled.map(AssayEvaluation.series) ?? []
        let layout = SeriesLayout(entries: reported.entries + assaySeries)
        let output: EngineOutput
        if model.compartments.isEmpty {
            // A cohort's woman without a pregnancy: no cell ever enters, nothing to simulate.
            let empty = RunResult(times: model.outputTimes, series: [], method: choice.kind)
            output = EngineOutput(result: empty, replicates: samples ? request.options.replicates : 0)
        } else {
            do throws(EngineError) {
                var settings = ensemble(request, streams: streams)
                // Assays that see a niche's clone need each replicate's niches with its counts (`CloneDetection`).
                if compiled?.assays.contains(where: \.seesClone) == true { settings.keepTrajectories = true }
                if let sample {
                    output = try sample(layout, settings)
                } else {
                    output = try choice.run(model: model, layout: layout, ensemble: settings)
                }
            } catch {
                throw .engine(error)
            }
        }
        let result = RunResult(times: output.result.times, series: Array(output.result.series.prefix(reported.count)),
                               method: output.result.method)
        var assayRows: [AssayCSV.Row] = []
        if let compiled, !compiled.assays.isEmpty, model.compartments.isEmpty {
            assayRows = compiled.assays.flatMap { a in
                a.assay.times.sorted().map { AssayEvaluation.row(a, time: $0, pDetect: 0, meanCount: 0) }
            }
        } else if let compiled, !compiled.assays.isEmpty {
            do {
                assayRows = try assays(compiled, output: output, firstAssaySeries: reported.count, threads: request.options.threads)
            } catch {
                throw .engine(error)
            }
        }
        let references = compiled.map(SummaryCheckpoints.references) ?? SummaryCheckpoints.references(network: reported)
        return FamilyRun(choice: choice, output: output, result: result, assayRows: assayRows, model: model, compiled: compiled,
                         references: references)
    }

    /// Writes a family's files atomically: timeseries.csv, summary.csv,
    /// run.json, and assay.csv and the trajectories file when there are any.
    static func write(_ run: FamilyRun, scenario: LoadedScenario, request: RunRequest, started: Start) throws(RunError) -> RunOutcome {
        var files = ["timeseries.csv", "summary.csv", "run.json"]
        if !run.assayRows.isEmpty { files.append("assay.csv") }
        let trajectoriesTarget = try destination(request)
        if let trajectoriesTarget { files.append(trajectoriesTarget.recordedName) }
        if request.plot { files.append("timeline.svg") }
        let manifest = makeManifest(scenario: scenario, request: request, started: started, method: run.choice,
                                    replicates: run.output.replicates, model: run.model, files: files,
                                    events: run.output.events, cohort: run.cohort, population: run.population)
        var outputSet = OutputSet(directory: request.resolvedOutDirectory)
        let summary = run.summary
        outputSet.add("timeseries.csv", contents: TimeSeriesCSV.render(run.result))
        outputSet.add("summary.csv", contents: SummaryCSV.render(summary))
        outputSet.add("run.json", contents: manifest.jsonText())
        if !run.assayRows.isEmpty { outputSet.add("assay.csv", contents: AssayCSV.render(run.assayRows)) }
        if let trajectoriesTarget, let trajectories = run.output.trajectories {
            outputSet.add(trajectoriesTarget, contents: TrajectoryCSV.render(
                trajectories: trajectories, times: run.model.outputTimes, compartments: run.model.compartments.map(\.name)))
        }
        if request.plot {
            let who = run.cohort.flatMap { c in c.individual.map { "woman \($0) of a cohort of \(c.size), " } } ?? ""
            outputSet.add("timeline.svg", contents: timelineSVG(run.result, scenario: scenario, compiled: run.compiled, model: run.model,
                                                                sample: who + "\(run.output.replicates) replicates"))
        }
        return try commit(outputSet, result: run.result, summary: summary, manifest: manifest, compiled: run.compiled, assays: run.assayRows)
    }

    /// The manifest of a run that took from `started` until now.
    static func makeManifest(scenario: LoadedScenario, request: RunRequest, started: Start, method: EngineChoice,
                             replicates: Int, model: NetworkModel, files: [String], events: Int?,
                             cohort: RunManifest.CohortRecord?, population: RunManifest.PopulationRecord? = nil) -> RunManifest {
        let elapsed = started.clock.now - started.instant
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return RunManifest(
            version: MicrochimeraVersion.current,
            startedAt: started.iso,
            wallTimeSeconds: seconds,
            scenario: .init(file: scenario.file, name: scenario.model.name, sha256: SHA256.hexDigest(scenario.sourceBytes),
                            extends: scenario.bases.map { .init(file: $0.file, sha256: SHA256.hexDigest($0.bytes)) },
                            description: scenario.description, level: scenario.compiled == nil ? "network" : "biology"),
            overrides: scenario.overrides.map { .init(path: $0.path, value: $0.value) },
            method: .init(requested: method.requested, ran: method.kind, reason: method.reason),
            seed: request.options.seed,
            threads: request.options.threads,
            replicates: .init(requested: request.options.replicates, simulated: replicates),
            resolved: ResolvedNetwork(model),
            outputs: files,
            eventsSimulated: events,
            cohort: cohort,
            population: population)
    }

    /// Commits `outputSet` in place of the previous run's set in its folder
    /// (the files its run.json lists and this run does not write are
    /// removed) and reports what was written.
    static func commit(_ outputSet: OutputSet, result: RunResult, summary: [SeriesSummary],
                       manifest: RunManifest, compiled: CompiledScenario?, assays: [AssayCSV.Row] = []) throws(RunError) -> RunOutcome {
        let paths: [String]
        var outputSet = outputSet
        outputSet.previous = previousOutputs(in: outputSet.directory)
        do {
            paths = try outputSet.commit()
        } catch {
            throw .output(error)
        }
        return RunOutcome(directory: outputSet.directory, files: paths, result: result, summary: summary, manifest: manifest,
                          compiled: compiled, assays: assays)
    }
}

extension RunPipeline {
    /// What the engine samples for `request`: its replicates, threads, seed
    /// and `streams`, its trajectories if a file wants them, its progress
    /// reported against the replicates.
    static func ensemble(_ request: RunRequest, streams: (@Sendable (Int) -> StreamID)?) -> EnsembleSettings {
        let options = request.options
        let total = options.replicates
        return EnsembleSettings(replicates: total, threads: options.threads, seed: options.seed, streams: streams,
                                keepTrajectories: request.trajectoriesPath != nil, presence: options.presence,
                                progress: options.progress.map { report in { @Sendable done in report(done, total) } },
                                stop: options.stop)
    }

    /// The assay table: from the exact histograms of a stochastic run, or for
    /// the moments method from the generating function: `P(K = 0) =
    /// G_S(1 − f)`, so `p_detect = −expm1(ln G_S(1 − f))` for limit of detection
    /// 1, and for a limit L > 1 `p_detect = 1 − Σ_{k<L} P(K = k)` with the exact
    /// `P(K = k)` of `MomentsEngine.thinnedCountProbabilities(targets:)`, computed
    /// as `−expm1(ln G_S(1 − f)) − Σ_{0<k<L} P(K = k)` (clamped at 0). An
    /// assay that sees a niche's clone mixes generating functions with the
    /// niches forced empty (`CloneDetection`; a limit above 1 with a clone is refused, `CloneDetection.checkMoments`).
    /// The moments path solves its parts on up to `threads` threads (the same bits for any number).
    static func assays(_ compiled: CompiledScenario, output: EngineOutput, firstAssaySeries: Int,
                       threads: Int = 1) throws(EngineError) -> [AssayCSV.Row] {
        if let accumulator = output.accumulator {
            return AssayEvaluation.rows(compiled, accumulator: accumulator, firstAssaySeries: firstAssaySeries,
                                        trajectories: output.trajectories)
        }
        return try momentsAssays(compiled, network: compiled.network, threads: threads) { a, k in output.result.series[firstAssaySeries + a].points[k].mean }
    }

    /// The moments assay table (see `assays`) evaluated on `network`'s output
    /// times: `compiled.network`, or the same network with only some of its
    /// output times (the teaching page solves at the sampling times alone).
    /// `meanCount(a, k)` is assay `a`'s mean visible count at output `k` of
    /// `network`; sampling times that are not output times are left out.
    /// The generating function's independent solves run on up to `threads`
    /// threads (`MomentsEngine.logGeneratingFunction(targets:threads:)`, the same bits).
    static func momentsAssays(_ compiled: CompiledScenario, network: NetworkModel, threads: Int = 1,
                              meanCount: (Int, Int) -> Double) throws(EngineError) -> [AssayCSV.Row] {
        try CloneDetection.checkMoments(compiled.assays)
        let times = network.outputTimes
        let clones = CloneDetection(compiled.assays)
        let engine = MomentsEngine(model: network)
        let logG = try engine.logGeneratingFunction(targets: clones.targets, threads: threads)
        // Limits above 1: the low counts' probabilities at those assays' times only.
        let deep = compiled.assays.indices.filter { compiled.assays[$0].assay.limitOfDetection > 1 }
        var sampled = network
        sampled.outputTimes = Set(deep.flatMap { compiled.assays[$0].assay.times }).sorted()
        let low = deep.isEmpty ? [] : try MomentsEngine(model: sampled).thinnedCountProbabilities(targets: deep.map { a in
            ThinnedCountTarget(compartments: compiled.assays[a].compartments, fraction: compiled.assays[a].sampledFraction,
                               maxCount: compiled.assays[a].assay.limitOfDetection)
        })
        /// P(K ≥ L) at time t (output k) for assay a.
        func detection(_ a: Int, _ k: Int, _ t: Double) -> Double {
            let present = -expm1(clones.logMiss(a, logG: logG[k]))
            guard let index = deep.firstIndex(of: a), let row = sampled.outputTimes.firstIndex(of: t) else { return present }
            return max(0, low[row][index].dropFirst().reduce(present, -))
        }
        var rows: [AssayCSV.Row] = []
        for (a, assay) in compiled.assays.enumerated() {
            for t in assay.assay.times.sorted() {
                guard let k = times.firstIndex(of: t) else { continue }
                rows.append(AssayEvaluation.row(assay, time: t, pDetect: detection(a, k, t), meanCount: meanCount(a, k),
                                                meanCloneSeen: clones.meanCloneSeen(a, logG: logG[k])))
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
    /// The rows of summary.csv.
    public let summary: [SeriesSummary]
    public let manifest: RunManifest
    /// The compiled family (biology level; a cohort's template), else nil.
    public let compiled: CompiledScenario?
    /// The rows of assay.csv (empty without assays).
    public let assays: [AssayCSV.Row]
}
