/// Leukocyte content of blood products and their share of progenitor-type cells.
extension BiologyDefaults {
    /// Leukocytes per unit by product, and the residual per unit after
    /// leukoreduction (any product).
    ///
    /// - Whole blood and red cells, not leukoreduced: 3.15·10⁹, the
    ///   leukocytes of a 450 mL donation at this model's 7·10⁶ nucleated
    ///   cells per mL (derived; a red-cell unit keeps the donation's
    ///   leukocytes unless it is leukoreduced). Leukoreduction filters remove
    ///   more than 99.9% of them (AABB circular of information, as summarised
    ///   by W. Aird, The Blood Project), consistent with this content.
    /// - Platelets, not leukoreduced: 3·10⁸ per (apheresis) unit: an
    ///   assumption, no source read.
    /// - Leukoreduced, any product: 5·10⁶, the upper limit of the US standard
    ///   for leukoreduced red cells (AABB: < 5.0·10⁶ per unit; Europe
    ///   < 1·10⁶). Units are usually well below the limit, so this is the most
    ///   a leukoreduced unit may give; the calibration suite's transfusion
    ///   studies (Utter 2006, Lee 2005) are US trauma cohorts.
    public static let leukocytesPerUnit = LeukocyteContent(
        wholeBlood: 3_150_000_000, redCells: 3_150_000_000, platelets: 300_000_000, leukoreducedResidual: 5_000_000)

    /// Share of a blood product's leukocytes that are progenitor-type cells
    /// (the rest are mature): 0.001, an assumption of the order of the
    /// CD34+ share of adult blood leukocytes (about one in a thousand; no
    /// source read). `transfusion_defaults.progenitor_fraction` changes it.
    public static let transfusionProgenitorFraction = 0.001
}
