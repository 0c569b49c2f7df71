/// Defaults of the assay kinds (`AssayKind`) and of the plasma an assay of
/// cell-free DNA samples.
extension BiologyDefaults {
    /// Probability that one progenitor cell plated in a colony-forming
    /// culture forms a visible colony, the default `Assay.efficiency` of a
    /// `culture` assay: 0.05, an assumption (no source read). The
    /// calibration suite fits it (data/calibration.yaml) from the culture
    /// studies (Osada 2001, O'Donoghue 2004).
    public static let platingEfficiency = 0.05

    /// Fraction of the blood volume that is plasma, `1 − haematocrit` with a
    /// haematocrit of 0.4 (`HostCellCounts.plasmaFraction`), an adult
    /// reference value of the same kind as the 5 L blood volume.
    public static let plasmaFraction = 0.6

    /// The name of the cell type a plasma DNA assay sees by default: fetal
    /// genome equivalents circulating as cell-free DNA, one "cell" per genome.
    public static let cellFreeDNA = "cell_free_dna"
}
