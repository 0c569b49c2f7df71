/// How a paper ran an assay: what its sample is, which cells it sees by
/// default, how many of them it recovers and in what unit it reports.
///
/// Every kind thins the true count exactly: with `N` visible cells in the
/// compartment, sampled fraction `f` and recovery `e` (`Assay.efficiency`),
/// each cell is counted independently with probability `f·e`, so the count
/// is `K ~ Binomial(N, f·e)` and `E[K] = f·e·E[N]`. The kinds differ in `f`,
/// in the default cell types and `e`, and in the unit of the level `E[K]/D`:
///
/// | kind | sample, `f` | default types | default `e` | level, `D` |
/// |---|---|---|---|---|
/// | `qpcr` | DNA of `V` mL blood (`V/V_blood`) or `n` cells (`n/n_compartment`) | all | 1 | per 10⁵ cells analysed |
/// | `fish` | `n` nuclei scored or `V` mL blood, as `qpcr` | all | 1 | per 10⁵ nuclei |
/// | `culture` | as `qpcr`; each counted cell forms one colony | `progenitor` | plating efficiency | colonies per mL blood (per 10⁵ cells for a tissue) |
/// | `plasmaDNA` | `V` mL plasma, `V/(V_blood·plasma fraction)` | `cell_free_dna` | 1 | genome equivalents per mL plasma |
public enum AssayKind: String, Sendable, Hashable, CaseIterable {
    /// qPCR on the DNA of a number of cell equivalents (the historical behaviour).
    case qpcr
    /// FISH on a number of nuclei scored.
    case fish
    /// Colony-forming culture: each counted progenitor forms a colony.
    case culture
    /// Cell-free DNA in a volume of plasma.
    case plasmaDNA = "plasma_dna"

    /// The name the scenario format uses.
    public var name: String { rawValue }

    /// The cell types the kind sees when the assay lists none, among the
    /// scenario's `typeNames`: nil for every type (`qpcr`, `fish`); the one
    /// named `progenitor` for `culture` and `cell_free_dna` for `plasmaDNA`
    /// (empty when the scenario has no such type, which is a reference error).
    public func defaultCellTypes(among typeNames: [String]) -> [String]? {
        switch self {
        case .qpcr, .fish: nil
        case .culture: typeNames.filter { $0 == BiologyDefaults.progenitor.name }
        case .plasmaDNA: typeNames.filter { $0 == BiologyDefaults.cellFreeDNA }
        }
    }

    /// The recovery when the assay gives none: the plating efficiency for
    /// `culture`, 1 otherwise.
    public var defaultEfficiency: Double {
        self == .culture ? BiologyDefaults.platingEfficiency : 1
    }
}

/// The unit of an assay's reported level, `E[K]` over the sample's size.
public enum AssayLevelUnit: String, Sendable, Hashable {
    /// Per 10⁵ host cells (or nuclei) analysed.
    case per1e5Cells = "per_1e5_cells"
    /// Per mL of blood sampled (colonies of a blood culture).
    case perMilliliterBlood = "per_ml_blood"
    /// Per mL of plasma (cell-free DNA).
    case perMilliliterPlasma = "per_ml_plasma"

    /// The level per sample size: 10⁵ for a level per 10⁵ cells, else 1.
    public var scale: Double { self == .per1e5Cells ? 1e5 : 1 }
}
