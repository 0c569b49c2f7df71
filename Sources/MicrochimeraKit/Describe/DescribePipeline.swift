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

    /// Writes `text` to `path` (`describe --out`) by the output policy
    /// (`OutputFolder.file`): `-` is standard output, a character device or
    /// FIFO is written through, else a file written atomically (a temporary
    /// renamed into place); a folder or a link to a file there is refused.
    public static func write(_ text: String, to path: String) throws(RunError) {
        do {
            let (folder, target) = try OutputFolder.file(path, option: "--out")
            var files = OutputSet(directory: folder)
            files.add(target, contents: text)
            try files.commit()
        } catch {
            throw .output(error)
        }
    }
}
