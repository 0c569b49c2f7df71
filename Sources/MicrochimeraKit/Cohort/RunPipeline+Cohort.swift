import BiologyModel
import Engines
import Reporting
import ScenarioFormat
import StochasticEngines

/// `run` on a scenario with `cohort:`: the whole cohort, or one woman alone.
extension RunPipeline {
    /// How a cohort's random streams are laid out (recorded in run.json).
    static let cohortStreams = "woman k is replicate k of the seed: substream 0 draws her history and rate multipliers, "
        + "1 her assay samples, 2 + r trajectory r of her family (the cohort uses r = 0)"

    /// Simulates every woman once and writes timeseries.csv (statistics over
    /// the women), summary.csv (its checkpoints count from time 0; its
    /// prevalence columns from each woman's own transfers), assay.csv,
    /// prevalence.csv, individuals.csv and run.json.
    static func runCohort(_ runner: CohortRunner, scenario: LoadedScenario, request: RunRequest, started: Start) throws(RunError) -> RunOutcome {
        guard let run = try simulateCohort(runner, request: request) else { throw stopped }
        let (choice, outcome, result, assayRows, summary) = (run.choice, run.outcome, run.result, run.assayRows, run.summary)
        let size = runner.spec.size
        let template = runner.template
        var files = ["timeseries.csv", "summary.csv", "run.json"]
        if !template.assays.isEmpty { files += ["assay.csv", "prevalence.csv", "individuals.csv"] }
        if request.plot { files += template.assays.isEmpty ? ["timeline.svg"] : ["timeline.svg", "prevalence.svg"] }
        let manifest = makeManifest(scenario: scenario, request: request, started: started, method: choice, replicates: size,
                                    model: template.network, files: files, events: nil,
                                    cohort: .init(size: size, streams: cohortStreams))
        var outputSet = OutputSet(directory: request.resolvedOutDirectory)
        outputSet.add("timeseries.csv", contents: TimeSeriesCSV.render(result))
        outputSet.add("summary.csv", contents: SummaryCSV.render(summary))
        outputSet.add("run.json", contents: manifest.jsonText())
        if !template.assays.isEmpty {
            outputSet.add("assay.csv", contents: AssayCSV.render(assayRows))
            outputSet.add("prevalence.csv", contents: PrevalenceCSV.render(CohortReport.prevalence(runner, women: outcome.women)))
            outputSet.add("individuals.csv", contents: IndividualsCSV.render(CohortReport.individuals(runner, women: outcome.women)))
        }
        if request.plot {
            outputSet.add("timeline.svg", contents: timelineSVG(result, scenario: scenario, compiled: nil, model: template.network,
                                                                sample: "statistics over \(size) women, one trajectory each"))
            if !template.assays.isEmpty {
                outputSet.add("prevalence.svg", contents: prevalenceSVG(CohortReport.prevalence(runner, women: outcome.women),
                                                                        scenario: scenario, size: size, method: choice.kind))
            }
        }
        return try commit(outputSet, result: result, summary: summary, manifest: manifest, compiled: template)
    }

    /// What a whole cohort's run produced, before anything is written.
    struct CohortRun {
        let choice: EngineChoice
        let outcome: CohortRunner.Outcome
        /// Statistics over the women (timeseries.csv).
        let result: RunResult
        let assayRows: [AssayCSV.Row]
        /// The rows of summary.csv.
        let summary: [SeriesSummary]
    }

    /// The in-memory part of a cohort's run (shared with the teaching page's
    /// downloads): every woman simulated, the statistics, assay rows and
    /// summary; nil when `request.options.stop` ended it early.
    static func simulateCohort(_ runner: CohortRunner, request: RunRequest) throws(RunError) -> CohortRun? {
        let (choice, sampler) = try cohortMethod(request)
        guard let engine = sampler else {
            throw .usage("--method \(choice.kind) gives one family's expectations; a cohort simulates one trajectory per woman: "
                         + "use --method \(request.options.engines.samplingNames), or auto (or '--individual K --method \(choice.kind)' for one woman's family)")
        }
        if request.trajectoriesPath != nil {
            throw .usage("--trajectories is not available for a whole cohort; individuals.csv has every woman's assay counts, "
                         + "and '--individual K --trajectories FILE' writes one woman's trajectories")
        }
        let size = runner.spec.size
        var progress: (@Sendable (Int) -> Void)?
        if let report = request.options.progress { progress = { @Sendable done in report(done, size) } }
        let outcome = try runner.run(engine: engine, progress: progress, stop: request.options.stop)
        if request.options.stop?() == true { return nil }
        let template = runner.template
        let full = outcome.accumulator.result(times: template.network.outputTimes, method: choice.kind)
        let result = RunResult(times: full.times, series: Array(full.series.prefix(outcome.reportedCount)), method: full.method)
        let assayRows = AssayEvaluation.rows(template, accumulator: outcome.accumulator, firstAssaySeries: outcome.reportedCount)
        var summary = PersistenceSummary.rows(result, references: Array(repeating: 0, count: result.series.count),
                                              accumulator: outcome.accumulator)
        for s in summary.indices {
            summary[s].women = outcome.checkpoints.women[s]
            summary[s].prevalence = outcome.checkpoints.prevalence(series: s)
        }
        return CohortRun(choice: choice, outcome: outcome, result: result, assayRows: assayRows, summary: summary)
    }

    /// Runs woman `k` of the cohort alone: `replicates` trajectories of her
    /// family (replicate 0 is her trajectory in the cohort), with the usual
    /// files of a family run; run.json records her history.
    static func runIndividual(_ k: Int, runner: CohortRunner, scenario: LoadedScenario, request: RunRequest,
                              started: Start) throws(RunError) -> RunOutcome {
        let size = runner.spec.size
        guard (0..<size).contains(k) else {
            throw .usage("--individual must be a woman's index from 0 to \(size - 1) (cohort.size is \(size)), got \(k)")
        }
        let woman = runner.individual(k)
        let compiled = try runner.compile(woman)
        // `auto` runs what the cohort ran, so replicate 0 is her cohort trajectory;
        // an engine that samples no trajectories (moments) runs on her family as on any.
        let cohort = try cohortMethod(request)
        let choice = cohort.engine == nil ? nil : cohort.choice
        var run = try simulateFamily(model: compiled.network, compiled: compiled, request: request, choice: choice) { r in
            runner.trajectoryStream(k, replicate: r)
        }
        run.cohort = .init(size: size, individual: k, history: CohortReport.history(woman, ageAtStart: compiled.scenario.founder.ageAtStart),
                           streams: cohortStreams)
        return try write(run, scenario: scenario, request: request, started: started)
    }

    /// The engine a cohort runs (`EngineRegistry.chooseForCohort`), and it
    /// as a sampler of one trajectory per woman (nil for one that samples
    /// none, such as moments, which a whole cohort refuses).
    static func cohortMethod(_ request: RunRequest) throws(RunError) -> (choice: EngineChoice, engine: (any TrajectoryEngine.Type)?) {
        let choice: EngineChoice
        do throws(EngineError) {
            choice = try request.options.engines.chooseForCohort(request.options.method)
        } catch {
            throw .engine(error)
        }
        return (choice, choice.trajectoryEngine)
    }
}
