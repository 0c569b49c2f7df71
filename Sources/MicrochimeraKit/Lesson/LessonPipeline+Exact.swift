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
/// reads P(present) of a few series at a few checkpoints and its assay at one
/// sampling time (`DemoNarration.presenceReads`), so only those are solved,
/// each group of series sharing a time by one backward solve from that time
/// (its cost grows with the time: a tissue's 10-year checkpoint costs a fifth
/// of the horizon's). summary.csv itself is `download`'s, computed as `run`
/// does. The curves solve P(present) of each host and origin and P(positive)
/// of the page's assay on a grid of at most `LessonBounds.curveTimes` times.
/// After the population check, these solves (one per host's curves, one per
/// presence time) and the means with the figure and the narration's assay
/// are independent jobs run on both cores (`concurrently`). Every number is
/// the moments engine's: the means to rounding, the probabilities to its
/// `extinctionTolerance` (a different set of output times moves the
/// collocation steps of the backward equation).
extension LessonPipeline {
    static func exactAnswer(_ scenario: LoadedScenario, plan: ExactPlan, request: LessonRequest,
                            cancellation: LessonCancellation) throws(LessonError) -> LessonAnswer {
        let compiled = plan.compiled
        let model = compiled.network
        let times = model.outputTimes
        _ = try engine { () throws(EngineError) in try PopulationCheck(model: model) }
        try check(cancellation)
        let entries = compiled.layout.entries
        let references = SummaryCheckpoints.references(compiled)

        // Independent jobs, the longest first: each host's curves, the means with the figure and the
        // narration's assay, the presence solves from the latest time down.
        var jobs: [ExactJob] = plan.curves.map { curvesJob(compiled, plan: $0.plan, grid: plan.grid) }
        jobs.append(meansJob(scenario, compiled: compiled, narrated: plan.narrated))
        for (time, series) in plan.presence {
            jobs.append(presenceJob(model, at: time, series: series, targets: series.map { .empty(entries[$0].compartments) }))
        }
        let parts = try concurrently(jobs, cancellation: cancellation)

        var curvesByHost: [[LessonCurve]] = []
        var presence: [Double: [Int: Double]] = [:]
        var figure: (result: RunResult, svg: String, assay: [AssayCSV.Row])?
        for part in parts {
            switch part {
            case .curves(let c): curvesByHost.append(c)
            case .presence(let t, let series, let logEmpty):
                for (s, v) in zip(series, logEmpty) { presence[t, default: [:]][s] = -expm1(v) }
            case .means(let result, let svg, let assay): figure = (result, svg, assay)
            }
        }
        guard let figure else { preconditionFailure("the means job ran") }
        let (svg, assayRows) = (figure.svg, figure.assay)
        var result = figure.result
        for (k, t) in times.enumerated() {
            guard let solved = presence[t] else { continue }
            for (s, p) in solved { result.series[s].points[k].pPresent = p }
        }
        let summary = PersistenceSummary.rows(result, references: references, accumulator: nil)
        var curveOrder: [[String]: Int] = [:]
        for entry in entries where isCurve(entry) { curveOrder[[entry.label.host, entry.label.origin.text]] = curveOrder.count }
        let choice = try engine { () throws(EngineError) in try EngineRegistry.standard.choose(.moments, for: model) }
        let run = Simulated(result: result, summary: summary, assayRows: assayRows, choice: choice, replicates: 0, compiled: compiled,
                            model: model, women: nil, request: runRequest(scenario, method: .moments, cancellation: cancellation, progress: nil))
        return LessonAnswer(method: EngineKind.moments.description, exact: true, replicates: 0, svg: svg,
                            curves: curvesByHost.flatMap { $0 }.sorted { curveOrder[[$0.host, $0.origin]] ?? 0 < curveOrder[[$1.host, $1.origin]] ?? 0 },
                            narration: DemoNarration.sentences(narrationOutcome(scenario, run: run)),
                            elapsedMilliseconds: 0)
    }

    /// The series whose P(present) the narration reads (`DemoNarration.presenceReads`), grouped by the
    /// time it reads them at, latest first; each group's series distinct and ascending.
    /// `narrated` is `narratedAssay(compiled)`.
    static func presenceTargets(_ compiled: CompiledScenario, narrated: CompiledScenario?) -> [(time: Double, series: [Int])] {
        let references = SummaryCheckpoints.references(compiled)
        let placeholder = narrated.map { [AssayEvaluation.row($0.assays[0], time: $0.network.outputTimes[0], pDetect: 0, meanCount: 0)] } ?? []
        let reads = DemoNarration.presenceReads(labels: compiled.layout.entries.map(\.label), references: references,
                                                horizon: compiled.network.horizon, assays: placeholder)
        var groups: [Double: Set<Int>] = [:]
        for read in reads.checkpoints {
            groups[SummaryCheckpoints.time(after: references[read.series], years: SummaryCSV.checkpointYears[read.checkpoint]), default: []]
                .insert(read.series)
        }
        if let t = reads.assayTime { groups[t, default: []].formUnion(reads.assaySeries) }
        return groups.sorted { $0.key > $1.key }.map { ($0.key, $0.value.sorted()) }
    }

    /// The family with only the assay the narration reads (`DemoNarration.assayReading`: the first
    /// assay sampled within the horizon, at its time nearest year 27), sampled at that time alone,
    /// on a network whose one output time is that time; nil when no assay is sampled within the horizon.
    static func narratedAssay(_ compiled: CompiledScenario) -> CompiledScenario? {
        let horizon = compiled.network.horizon
        let rows = compiled.assays.flatMap { a in
            a.assay.times.sorted().filter { $0 >= 0 && $0 <= horizon }.map { AssayEvaluation.row(a, time: $0, pDetect: 0, meanCount: 0) }
        }
        guard let row = DemoNarration.assayReading(rows), let given = compiled.assays.first(where: { $0.assay.name == row.assay }) else {
            return nil
        }
        var network = compiled.network
        network.outputTimes = [row.time]
        return CompiledScenario(scenario: compiled.scenario, network: network, populations: compiled.populations,
                                hosts: compiled.hosts, origins: compiled.origins, layout: compiled.layout,
                                assays: [given.sampled(at: [row.time])])
    }

    /// `ln G` of `targets` at `times` (`result[k][target]`), by the moments engine on `model` with those output times.
    ///
    /// The collocation weights of the backward solves come from `stores`: the
    /// jobs of one answer solve the same generators (each presence time and
    /// the curves of one host), and so do answers whose text changed the
    /// calendar but not the rates; the weights depend only on the generator
    /// and the step, so which store a solve gets changes no bit of its result.
    static func solve(_ model: NetworkModel, at times: [Double], targets: [GeneratingTarget]) throws(LessonError) -> [[Double]] {
        guard !times.isEmpty, !targets.isEmpty else { return times.map { _ in [] } }
        var network = model
        network.outputTimes = times
        return try engine { () throws(EngineError) in
            try stores.withStore { store throws(EngineError) in
                try MomentsEngine(model: network).logGeneratingFunction(targets: targets, store: store)
            }
        }
    }

    /// The collocation stores the page's solves borrow, one per solve running at a time (`CollocationStorePool`).
    static let stores = CollocationStorePool()

    /// Runs an engine call, saying its error as the page does.
    static func engine<T>(_ body: () throws(EngineError) -> T) throws(LessonError) -> T {
        do throws(EngineError) { return try body() } catch { throw .failed(error.description) }
    }
}
