/// Leukocyte content of blood products and their share of progenitor-type cells.
extension BiologyDefaults {
    /// Leukocytes per unit by product, and the residual per unit after
    /// leukoreduction (any product): whole blood 2·10⁹, red cells 1.5·10⁹,
    /// apheresis platelets 3·10⁸, leukoreduced 10⁶. Placeholder, lead sources it.
    public static let leukocytesPerUnit = LeukocyteContent(
        wholeBlood: 2_000_000_000, redCells: 1_500_000_000, platelets: 300_000_000, leukoreducedResidual: 1_000_000)

    /// Share of a blood product's leukocytes that are progenitor-type cells
    /// (0.001; the rest are mature). Placeholder, lead sources it.
    public static let transfusionProgenitorFraction = 0.001
}
