/// What `microchimera sensitivity` was asked to do.
public struct SensitivityRequest: Sendable {
    /// The folder of a finished `sobol` or `morris` sweep (sweep.json and sweep.csv).
    public var sweepDirectory: String
    /// Columns of sweep.csv to analyse (`mean`, `sd`, `q05` … `q95`, `p_present`), or
    /// of sweep-assay.csv (`p_detect`, `mean_geq_per_1e5`, ...); not both at once.
    public var quantities: [String]
    /// `HOST/ORIGIN/CELL_TYPE/COMPARTMENT` as in sweep.csv's columns (fewer fields name
    /// the last ones: `marrow` is a network-level `///marrow`), or for assay columns
    /// the assay's name; nil when the file has one series (assay).
    public var series: String?
    /// The time (days) whose rows are used; nil when the sweep has one time.
    public var at: Double?
    /// Bootstrap resamples of the base points for the Sobol' intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap; nil: the sweep's seed.
    public var seed: UInt64?
    /// Where sensitivity.csv and sensitivity.svg go; nil: the sweep's folder.
    public var outDirectory: String?

    public static let defaultBootstrap = 1000

    public init(sweepDirectory: String, quantities: [String] = ["mean"], series: String? = nil, at: Double? = nil,
                bootstrap: Int = Self.defaultBootstrap, seed: UInt64? = nil, outDirectory: String? = nil) {
        self.sweepDirectory = sweepDirectory
        self.quantities = quantities
        self.series = series
        self.at = at
        self.bootstrap = bootstrap
        self.seed = seed
        self.outDirectory = outDirectory
    }
}
