// Demo/: `microchimera demo`. `ScenarioLibrary` finds the teaching scenarios,
// `DemoReport` picks a method, then prints a run's chart and `DemoNarration`, a few
// sentences for a class about where the cells went and who still carries them.

import Engines
import Reporting

/// What `demo` prints: a title, the timeline chart, the narration and where the files are.
public enum DemoReport {
    /// The method a demo uses unless told: exact moments where they take
    /// seconds (a family of at most `momentsCompartments` compartments; the
    /// covariance grows as its square), else the fast engine; a cohort is
    /// always simulated.
    public static func method(for path: String) throws(RunError) -> MethodRequest {
        let scenario = try RunPipeline.load(path: path, overrides: [])
        if scenario.cohort != nil { return .fast }
        return scenario.model.count <= momentsCompartments ? .moments : .fast
    }

    static let momentsCompartments = 40

    /// Every line, none wider than `width` columns.
    public static func lines(_ outcome: RunOutcome, width: Int = 80) -> [String] {
        var lines = DemoNarration.wrap(outcome.manifest.scenario.name, width: width)
        lines.append(String(repeating: "─", count: min(width, lines.map(\.count).max() ?? 0)))
        lines.append("")
        let panels = TimelinePanel.panels(of: outcome.result)
        if let panel = panels.first {
            let events = outcome.compiled.map(TimelineEvents.events) ?? []
            lines += TerminalTimeline(width: width).render(panel, times: outcome.result.times, events: events)
            if panels.count > 1 {
                lines += DemoNarration.wrap("(\(panels.count - 1) more host\(panels.count > 2 ? "s" : "") in timeline.svg)", width: width)
            }
            lines.append("")
        }
        lines += DemoNarration.lines(outcome, width: width)
        lines.append("")
        lines += DemoNarration.wrap("Files (timeline.svg, summary.csv, timeseries.csv, run.json) are in \(outcome.directory)/", width: width)
        return lines
    }
}
