// Describe/: `microchimera describe`. `DescribePipeline` loads a scenario as `run`
// does and renders its compiled model, as words and tables (`ModelDescription`, with
// `TextTable`, `RateSchedule` and `NetworkAnatomy`) or as Graphviz DOT (`ModelGraph`).

import Reporting
import ScenarioFormat

/// The whole of `microchimera describe`: load the scenario as `run` does,
/// then render its compiled model as text or as Graphviz DOT.
public enum DescribePipeline {
    /// What to render.
    public enum Format: Sendable {
        /// Words and tables (`ModelDescription`).
        case text
        /// Graphviz DOT (`ModelGraph`).
        case dot
    }

    /// Loads `path` with `overrides` and renders it; errors are those of `RunPipeline.load`.
    public static func render(path: String, overrides: [SetOverride], format: Format) throws(RunError) -> String {
        let loaded = try RunPipeline.load(path: path, overrides: overrides)
        switch format {
        case .text: return ModelDescription(loaded).text
        case .dot: return ModelGraph(loaded).dot
        }
    }

    /// Writes `text` to `path` atomically (a temporary file renamed into place).
    public static func write(_ text: String, to path: String) throws(RunError) {
        var files = OutputSet(directory: ".")
        files.add(path: path, contents: text)
        do {
            try files.commit()
        } catch {
            throw .output(error)
        }
    }
}
