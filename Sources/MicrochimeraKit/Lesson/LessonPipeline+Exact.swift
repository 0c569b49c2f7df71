import BiologyModel
import Foundation
import Engines
import RateModel
import Reporting
import ScenarioFormat
import StochasticEngines

/// The page's exact answer for one family, computed only where the page looks.
///
/// `microchimera run --method moments` solves the covariance and P(present) of
/// every series at every output time; the page needs less. The timeline of
/// moments draws only the means, so `MomentsEngine.meanTrajectory()` on the
/// full output grid gives the same figure (O(E·n³ + T·n²)). The narration
/// reads P(present) only at the summary's checkpoints (and the assays'
/// sampling times), and only of the series `DemoNarration.readsPresence`
/// names, so only those are solved, and only there (summary.csv itself is
/// `download`'s, computed as `run` does). The curves solve P(present) of each host and
/// origin and P(positive) of the page's assay on a grid of at most
/// `LessonBounds.curveTimes` times. Every number is the moments engine's: the
/// means to rounding, the probabilities to its `extinctionTolerance` (a
/// coarser grid moves the collocation steps of the backward equation).
extension LessonPipeline {
    static func exactAnswer(_ scenario: LoadedScenario, compiled raw: CompiledScenario, request: LessonRequest,
                            cancellation: LessonCancellation) throws(LessonError) -> LessonAnswer {
        let compiled = SummaryCheckpoints.prepare(raw)
        let model = compiled.network
        let times = model.outputTimes
        let means = try engine { () throws(EngineError) in
            _ = try PopulationCheck(model: model)
            return try MomentsEngine(model: model).meanTrajectory()
        }
        try check(cancellation)

        // Two independent solves, one per core: P(present) of every series at the checkpoints and the
        // assays' sampling times, with the scenario's own assays (the narration's "what a test finds");
        // and the curves.
        let references = SummaryCheckpoints.references(compiled)
        let assayTimes = Set(compiled.assays.flatMap(\.assay.times)).filter { $0 >= 0 && $0 <= model.horizon }
        let presenceTimes = Set(SummaryCheckpoints.times(references: references, horizon: model.horizon)).union(assayTimes).sorted()
        let assayCompartments = Set(compiled.assays.map(\.assay.compartment))
        let (checked, curves) = try both({ () throws(LessonError) -> ([[Double?]], [AssayCSV.Row]) in
            let read = compiled.layout.entries.indices.filter { DemoNarration.readsPresence(of: compiled.layout.entries[$0].label, assays: assayCompartments) }
            let solved = try solve(model, at: presenceTimes, targets: read.map { .empty(compiled.layout.entries[$0].compartments) })
            // Columns by series; the series the narration does not read stay without presence.
            var column = [Int?](repeating: nil, count: compiled.layout.entries.count)
            for (c, e) in read.enumerated() { column[e] = c }
            let logEmpty = solved.map { row in column.map { $0.map { row[$0] } } }
            try check(cancellation)
            var fullIndex: [Double: Int] = [:]
            for (k, t) in times.enumerated() { fullIndex[t] = k }
            var assayNetwork = model
            assayNetwork.outputTimes = assayTimes.sorted()
            let assayRows = compiled.assays.isEmpty ? [] : try engine { () throws(EngineError) in
                try RunPipeline.momentsAssays(compiled, network: assayNetwork) { a, k in
                    let row = fullIndex[assayNetwork.outputTimes[k]] ?? 0
                    return compiled.assays[a].compartments.reduce(0) { $0 + means[row][$1] }
                }
            }
            return (logEmpty, assayRows)
        }, { () throws(LessonError) in try exactCurves(compiled, references: references, assay: request.assay) })
        try check(cancellation)
        let (logEmpty, assayRows) = checked
        var presenceRow: [Double: Int] = [:]
        for (k, t) in presenceTimes.enumerated() { presenceRow[t] = k }
        let series = compiled.layout.entries.enumerated().map { e, entry in
            TimeSeries(label: entry.label, points: times.indices.map { k in
                PointStatistics(mean: entry.compartments.reduce(0) { $0 + means[k][$1] },
                                pPresent: presenceRow[times[k]].flatMap { row in logEmpty[row][e].map { -expm1($0) } })
            })
        }
        let result = RunResult(times: times, series: series, method: .moments)
        let summary = PersistenceSummary.rows(result, references: references, accumulator: nil)

        let choice = try engine { () throws(EngineError) in try EngineRegistry.standard.choose(.moments, for: model) }
        let run = Simulated(result: result, summary: summary, assayRows: assayRows, choice: choice, replicates: 0, compiled: compiled,
                            model: model, women: nil, request: runRequest(scenario, method: .moments, cancellation: cancellation, progress: nil))
        let svg = RunPipeline.timelineSVG(result, scenario: scenario, compiled: compiled, model: model, sample: "exact")
        return LessonAnswer(method: EngineKind.moments.description, exact: true, replicates: 0, svg: svg, curves: curves,
                            narration: DemoNarration.sentences(narrationOutcome(scenario, run: run)),
                            elapsedMilliseconds: 0)
    }

    /// `ln G` of `targets` at `times` (`result[k][target]`), by the moments engine on `model` with those output times.
    static func solve(_ model: NetworkModel, at times: [Double], targets: [GeneratingTarget]) throws(LessonError) -> [[Double]] {
        guard !times.isEmpty, !targets.isEmpty else { return times.map { _ in [] } }
        var network = model
        network.outputTimes = times
        return try engine { () throws(EngineError) in try MomentsEngine(model: network).logGeneratingFunction(targets: targets) }
    }

    /// Runs an engine call, saying its error as the page does.
    static func engine<T>(_ body: () throws(EngineError) -> T) throws(LessonError) -> T {
        do throws(EngineError) { return try body() } catch { throw .failed(error.description) }
    }
}
