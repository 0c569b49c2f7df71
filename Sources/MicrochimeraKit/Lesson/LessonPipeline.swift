import BiologyModel
import Engines
import Foundation
import Reporting
import ScenarioFormat
import StochasticEngines

/// The teaching page's computations: a scenario text in, the timeline, the
/// probability curves, the narration and summary.csv out (`answer`), and the
/// page's downloads (`download`), all in memory and within `LessonBounds`.
///
/// Exact moments answer whenever their estimated time (`ExactPlan.seconds`) fits the page's
/// second; a cohort, or a family too large for it, gets `.needsStochastic`,
/// and with `request.stochastic` the bounded fast engine (`LessonBounds.replicates`
/// replicates, or a cohort of at most `LessonBounds.cohortWomen` women, seed 1),
/// which reports progress and stops at a cancellation between chunks of 16
/// replicates or women. Cancellation is also checked between stages.
public enum LessonPipeline {
    /// Worker threads of the page's stochastic runs (the bytes do not depend on them).
    static let threads = 2

    /// Answers `request`: moments where the page's bounds allow, else `.needsStochastic`
    /// (unless request.stochastic, then a bounded stochastic run reporting progress(done,total)).
    public static func answer(_ request: LessonRequest, cancellation: LessonCancellation = LessonCancellation(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LessonError) -> LessonOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let scenario = try load(request)
        try check(cancellation)
        var answer: LessonAnswer
        switch try plan(scenario, assay: request.assay) {
        case .moments(let exact):
            if let exact {
                answer = try exactAnswer(scenario, plan: exact, request: request, cancellation: cancellation)
            } else {
                answer = try runAnswer(scenario, request: request, method: .moments, cancellation: cancellation, progress: nil)
            }
        case .stochastic(let reason, let replicates):
            guard request.stochastic else { return .needsStochastic(reason: reason, replicates: replicates) }
            answer = try runAnswer(scenario, request: request, method: .fast, cancellation: cancellation, progress: progress)
        }
        let elapsed = clock.now - started
        answer.elapsedMilliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
        return .answer(answer)
    }

    /// One file of the page's downloads for `request` (same method as `answer` would use):
    /// `which` is "timeseries.csv" or "summary.csv"; bytes exactly as `microchimera run` with that method writes them.
    ///
    /// Moments where `answer` runs them (`microchimera run --method moments`),
    /// else the bounded stochastic run (`--method fast --replicates 200`, seed 1;
    /// a cohort of at most 200 women with `--method fast`).
    public static func download(_ request: LessonRequest, which: String,
                                cancellation: LessonCancellation = LessonCancellation()) throws(LessonError) -> String {
        guard which == "timeseries.csv" || which == "summary.csv" else {
            throw .failed("the page downloads timeseries.csv or summary.csv (and the text itself), not '\(which)'")
        }
        let scenario = try load(request)
        try check(cancellation)
        let method: MethodRequest = if case .moments = try plan(scenario, assay: request.assay) { .moments } else { .fast }
        let run = try simulate(scenario, request: request, method: method, cancellation: cancellation, progress: nil)
        try check(cancellation)
        return which == "summary.csv" ? SummaryCSV.render(run.summary) : TimeSeriesCSV.render(run.result)
    }

    /// What the page runs for a scenario.
    enum Plan {
        /// Exact moments: the family's answer laid out (nil: a whole `run --method moments`, for a population or a network).
        case moments(ExactPlan?)
        /// Moments cannot answer within the page's time: why, and the replicates (or women) of the fallback.
        case stochastic(reason: String, replicates: Int)
    }

    /// Moments when the scenario is one family (or a population) whose
    /// estimated time (`ExactPlan.seconds`, `wholeRunSeconds`) is within `LessonBounds.momentsSeconds`;
    /// a cohort always samples.
    static func plan(_ scenario: LoadedScenario, assay: LessonAssay) throws(LessonError) -> Plan {
        if let cohort = scenario.cohort {
            return .stochastic(reason: "a cohort is simulated one life per woman (\(cohort.size) women); "
                               + "exact moments describe one family, not a cohort", replicates: cohort.size)
        }
        var exact: ExactPlan?
        if let compiled = scenario.compiled, compiled.scenario.population == nil, !compiled.network.compartments.isEmpty {
            exact = try ExactPlan(compiled, assay: assay)
        }
        let seconds = exact?.seconds ?? wholeRunSeconds(scenario)
        guard seconds <= LessonBounds.momentsSeconds else {
            return .stochastic(reason: "exact moments of this family (\(scenario.model.count) compartments, "
                               + "\(scenario.model.outputTimes.count) output times) would take about "
                               + "\(Int(seconds.rounded(.up))) s, more than the page's second",
                               replicates: LessonBounds.replicates)
        }
        return .moments(exact)
    }

    /// The text parsed in memory and checked against the page's bounds.
    static func load(_ request: LessonRequest) throws(LessonError) -> LoadedScenario {
        try LessonBounds.checkSize(request.yaml, file: request.file)
        let scenario: LoadedScenario
        do {
            scenario = try ScenarioLoader.parse(text: request.yaml, file: request.file, readsBases: false)
        } catch {
            switch error {
            case .invalid(let diagnostics): throw .invalid(diagnostics)
            default: throw .failed(error.description)
            }
        }
        try LessonBounds.check(scenario, text: request.yaml, file: request.file)
        return scenario
    }

    /// Throws `.cancelled` once `cancellation` is set.
    static func check(_ cancellation: LessonCancellation) throws(LessonError) {
        if cancellation.isCancelled { throw .cancelled }
    }

    /// A `RunError` as the page says it.
    static func lesson(_ error: RunError) -> LessonError {
        if case .scenario(.invalid(let diagnostics)) = error { return .invalid(diagnostics) }
        return .failed(error.description)
    }
}
