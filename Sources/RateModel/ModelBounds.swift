/// The numeric bounds every model must respect before any engine runs it.
///
/// They keep every quantity an engine derives from the model (counts,
/// expected arrivals, `rate × time`, matrix norms) finite and representable:
/// cell counts stay below 2⁵⁰ so that sums of counts never overflow `Int` and
/// the samplers stay in their exact domain (2⁵² for a Poisson mean, 2⁵³ for a
/// binomial count); rates and the horizon are capped so that
/// `rate × horizon × compartments` stays far below the largest Double.
/// Each bound is far beyond biology (docs/scenario-format.md, "Bounds",
/// states them with their reasons); `NetworkModel.boundViolations()` checks them.
public enum ModelBounds {
    /// The largest cell count a compartment may hold, 2⁵⁰ ≈ 1.1·10¹⁵ cells
    /// (a human body has about 3.7·10¹³): also the largest total of initial
    /// cells and bolus cells, and of the expected inflow arrivals into one
    /// compartment. The fast engine stops a replicate that passes it.
    public static let cells = 1 << 50

    /// The largest per-cell rate (flow or division), 10⁶ per day: a half-life
    /// of 0.06 seconds. The fastest process in the biology is hours.
    public static let perCellRate = 1e6

    /// The largest inflow rate, 2⁵⁰ cells per day (whatever its window, its
    /// expected arrivals must also stay within `cells`).
    public static let inflowRate = Double(cells)

    /// The longest horizon, 10,000 years (3,652,500 days).
    public static let horizonDays = 3_652_500.0

    /// `2^50 ≈ 1.1e15`: how messages write `cells`.
    public static let cellsText = "2^50 ≈ 1.1e15"
}
