import BiologyModel
import Engines
import RateModel
import Reporting
import ScenarioFormat
import StochasticEngines

/// The page's answers through the run pipeline itself (`RunPipeline.simulate`,
/// `simulateCohort`): the bounded stochastic fallback, populations and
/// network-level scenarios, and the downloads.
extension LessonPipeline {
    /// What the run pipeline produced in memory for the page.
    struct Simulated {
        let result: RunResult
        let summary: [SeriesSummary]
        let assayRows: [AssayCSV.Row]
        let choice: EngineChoice
        /// Replicates (or a cohort's women) simulated; 0 for moments.
        let replicates: Int
        /// The family that ran (nil for a cohort or a network-level scenario).
        let compiled: CompiledScenario?
        let model: NetworkModel
        /// The cohort's size, for a cohort.
        let women: Int?
        let request: RunRequest
    }

    /// The `microchimera run` request the page's computation equals: `method`,
    /// seed 1, `LessonBounds.replicates` replicates, stopped by `cancellation`.
    static func runRequest(_ scenario: LoadedScenario, method: MethodRequest, cancellation: LessonCancellation,
                           progress: (@Sendable (Int, Int) -> Void)?) -> RunRequest {
        let options = SimulationOptions(replicates: LessonBounds.replicates, method: method, threads: threads, progress: progress,
                                        stop: { cancellation.isCancelled })
        return RunRequest(scenarioPath: scenario.file, options: options, plot: false)
    }

    /// Runs `scenario` as `microchimera run --method <method>` would, in memory.
    static func simulate(_ scenario: LoadedScenario, request page: LessonRequest, method: MethodRequest,
                         cancellation: LessonCancellation, progress: (@Sendable (Int, Int) -> Void)?) throws(LessonError) -> Simulated {
        let request = runRequest(scenario, method: method, cancellation: cancellation, progress: progress)
        if let spec = scenario.cohort, let template = scenario.compiled {
            let runner = CohortRunner(template: template, spec: spec, seed: request.options.seed, threads: threads)
            let run: RunPipeline.CohortRun?
            do throws(RunError) { run = try RunPipeline.simulateCohort(runner, request: request) } catch { throw lesson(error) }
            guard let run else { throw .cancelled }
            try check(cancellation)
            return Simulated(result: run.result, summary: run.summary, assayRows: run.assayRows, choice: run.choice,
                             replicates: spec.size, compiled: nil, model: template.network, women: spec.size, request: request)
        }
        let run: RunPipeline.FamilyRun
        do throws(RunError) { run = try RunPipeline.simulate(scenario, request: request) } catch { throw lesson(error) }
        try check(cancellation)
        return Simulated(result: run.result, summary: run.summary, assayRows: run.assayRows, choice: run.choice,
                         replicates: run.output.replicates, compiled: run.compiled, model: run.model, women: nil, request: request)
    }

    /// The answer from a whole run: the figure `run` draws, P(present) of each
    /// host and origin read off the run at up to `LessonBounds.curveTimes`
    /// output times (no P(positive): the page's assay is evaluated exactly
    /// for single families only), the narration and summary.csv.
    static func runAnswer(_ scenario: LoadedScenario, request: LessonRequest, method: MethodRequest, cancellation: LessonCancellation,
                          progress: (@Sendable (Int, Int) -> Void)?) throws(LessonError) -> LessonAnswer {
        let run = try simulate(scenario, request: request, method: method, cancellation: cancellation, progress: progress)
        let sample = run.women.map { "statistics over \($0) women, one trajectory each" } ?? "\(run.replicates) replicates"
        let svg = RunPipeline.timelineSVG(run.result, scenario: scenario, compiled: run.compiled, model: run.model, sample: sample)
        let picked = curveIndices(run.result.times, horizon: run.model.horizon)
        let curves = run.result.series.filter { isCurve($0.label) }.map { series in
            LessonCurve(host: series.label.host, origin: series.label.origin.text,
                        label: curveLabel(host: series.label.host, origin: series.label.origin.text),
                        timesYears: picked.map { run.result.times[$0] / Days.perYear },
                        present: picked.map { series.points[$0].pPresent ?? 0 }, positive: nil, assay: nil)
        }
        let outcome = narrationOutcome(scenario, run: run)
        let exact = run.choice.kind == .moments
        return LessonAnswer(method: run.choice.kind.description, exact: exact, replicates: exact ? 0 : run.replicates, svg: svg,
                            curves: curves, narration: DemoNarration.sentences(outcome),
                            elapsedMilliseconds: 0)
    }

    /// The `RunOutcome` the narration reads (nothing is written; its manifest records the method and sample).
    static func narrationOutcome(_ scenario: LoadedScenario, run: Simulated) -> RunOutcome {
        let manifest = RunPipeline.makeManifest(scenario: scenario, request: run.request, started: (ContinuousClock(), ContinuousClock().now, ""),
                                                method: run.choice, replicates: run.replicates, model: run.model, files: [], events: nil,
                                                cohort: run.women.map { .init(size: $0, streams: RunPipeline.cohortStreams) })
        return RunOutcome(directory: "", files: [], result: run.result, summary: run.summary, manifest: manifest,
                          compiled: run.compiled ?? scenario.compiled, assays: run.assayRows)
    }

    /// Whether a series is a curve of the page: one host's cells of one origin, summed over cell types and compartments.
    static func isCurve(_ entry: SeriesLayout.Entry) -> Bool { isCurve(entry.label) }

    static func isCurve(_ label: SeriesLabel) -> Bool {
        label.compartment == .total && label.cellType == .allCellTypes && label.origin.name != nil
    }

    /// `son's cells in mother` (underscores read as spaces).
    static func curveLabel(host: String, origin: String) -> String {
        "\(DemoNarration.readable(origin))'s cells in \(DemoNarration.readable(host))"
    }

    /// At most `LessonBounds.curveTimes` indices of `times`, evenly spread over `[0, horizon]`, first and last included.
    static func curveIndices(_ times: [Double], horizon: Double) -> [Int] {
        guard times.count > LessonBounds.curveTimes else { return Array(times.indices) }
        var picked: [Int] = []
        var j = 0
        for step in 0..<LessonBounds.curveTimes {
            let target = horizon * Double(step) / Double(LessonBounds.curveTimes - 1)
            while j + 1 < times.count && times[j + 1] <= target { j += 1 }
            if picked.last != j { picked.append(j) }
        }
        if picked.last != times.count - 1 { picked.append(times.count - 1) }
        return picked
    }
}
