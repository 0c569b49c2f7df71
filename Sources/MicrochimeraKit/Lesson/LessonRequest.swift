// Lesson/: the teaching page's library API (`microchimera serve` is a thin client of it).
// `LessonPipeline` answers a page's scenario text with the figure, the probability
// curves and the narration (`answer`), edits the text through the page's controls
// (`edit`, `LessonControls`, `LessonEdit`), validates it and produces its downloads.

/// What the teaching page asks for: the scenario text it shows, the assay whose
/// results it draws, and whether to run the bounded stochastic method.
public struct LessonRequest: Sendable, Codable, Equatable {
    /// The scenario YAML exactly as the page shows it; it is never read from disk.
    public var yaml: String
    /// The name diagnostics give the text, e.g. `single-pregnancy.yaml`.
    public var file: String
    /// The assay whose probability of a positive result is drawn beside presence.
    public var assay: LessonAssay
    /// Run the bounded stochastic method (the page's fallback where moments cannot run).
    public var stochastic: Bool

    public init(yaml: String, file: String, assay: LessonAssay = .yChromosome, stochastic: Bool = false) {
        self.yaml = yaml
        self.file = file
        self.assay = assay
        self.stochastic = stochastic
    }
}
