/// The assay the page applies to every host: a 10 mL blood draw read with one marker.
///
/// `yChromosome` sees male cells in a female host only (it cannot tell a male
/// host's own cells from a son's); `hla` sees the cells of one origin in any
/// host (an HLA allele the host lacks); `scenario` keeps the scenario's own
/// `assays:` as written.
public enum LessonAssay: String, Sendable, Codable, CaseIterable {
    case yChromosome = "y_chromosome"
    case hla
    case scenario
}
