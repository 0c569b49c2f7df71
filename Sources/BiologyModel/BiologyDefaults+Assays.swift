/// Defaults of the assay kinds (`AssayKind`) and of the plasma an assay of
/// cell-free DNA samples.
extension BiologyDefaults {
    /// Probability that one progenitor cell plated in a colony-forming
    /// culture forms a visible colony, the default `Assay.efficiency` of a
    /// `culture` assay. Placeholder, lead sources it.
    public static let platingEfficiency = 0.05

    /// Fraction of the blood volume that is plasma, `1 − haematocrit` with a
    /// haematocrit of 0.4 (`HostCellCounts.plasmaFraction`). Placeholder,
    /// lead sources it.
    public static let plasmaFraction = 0.6

    /// The name of the cell type a plasma DNA assay sees by default: fetal
    /// genome equivalents circulating as cell-free DNA, one "cell" per genome.
    public static let cellFreeDNA = "cell_free_dna"
}
