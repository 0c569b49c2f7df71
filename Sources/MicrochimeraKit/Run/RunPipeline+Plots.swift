import BiologyModel
import Engines
import RateModel
import Reporting
import ScenarioFormat

/// The figures of a run: `timeline.svg` always (unless `--no-plot`), and
/// `prevalence.svg` for a cohort with assays.
extension RunPipeline {
    /// `timeline.svg` of `result`: titled with the scenario's name, the
    /// method and sample size in the subtitle, and the events of `compiled`
    /// (the family that ran) or, at network level, the boluses of `model`.
    static func timelineSVG(_ result: RunResult, scenario: LoadedScenario, compiled: CompiledScenario?, model: NetworkModel,
                            sample: String) -> String {
        let events = compiled.map(TimelineEvents.events) ?? TimelineEvents.events(network: model)
        return TimelinePlot(title: scenario.model.name, subtitle: subtitle(result.method, sample: sample),
                            result: result, events: events).render()
    }

    /// `prevalence.svg` of a cohort's prevalence rows.
    static func prevalenceSVG(_ rows: [PrevalenceCSV.Row], scenario: LoadedScenario, size: Int, method: EngineKind) -> String {
        PrevalencePlot(title: scenario.model.name + ": prevalence",
                       subtitle: "cohort of \(size) women, one trajectory each (method \(method)); assays as in prevalence.csv",
                       rows: rows).render()
    }

    /// `method fast · 1000 replicates`, or for moments the exact statistics.
    static func subtitle(_ method: EngineKind, sample: String) -> String {
        method == .moments ? "method moments: exact mean, no quantiles" : "method \(method) · \(sample)"
    }
}
