import BiologyModel

/// The compiler's messages in the keys of the biology-level format.
extension BiologyMessage {
    /// The message with its terms as the file writes them.
    var inFile: String { text(spelling: Self.spelling) }

    /// How the format writes a term.
    private static func spelling(_ term: Term) -> String {
        switch term {
        case .pregnancy(let i): ModelPath().key("pregnancies").index(i).description
        case .twin: "'twin'"
        case .sampleOfCells: "{ cells: N }"
        case .tissueCells: "host_cells.tissue_cells"
        case .progenitorFraction: "transfusion_defaults.progenitor_fraction"
        }
    }
}
