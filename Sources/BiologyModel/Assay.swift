/// A measurement of microchimeric cells: which cells the marker sees, how
/// much is sampled, and the limit of detection.
///
/// Detection is Poisson thinning of the true count: with `N` visible cells in
/// the compartment and a sampled fraction `f` (sample volume over blood
/// volume, or cells analysed over the tissue's cells), each cell lands in the
/// sample independently with probability `f`, so the sampled count is
/// `K ~ Binomial(N, f)` (Poisson with mean `N·f` when `f` is small), and the
/// assay is positive when `K ≥ limitOfDetection`. The reported level is
/// `K` per 10⁵ host cells analysed, in genome equivalents (one per cell).
///
/// The `kind` says how the paper ran the assay (`AssayKind`): which cell
/// types it sees by default, what its sample is a fraction of and in what
/// unit it reports. Every kind thins exactly: each visible cell is counted
/// with probability `f·efficiency`, so `K ~ Binomial(N, f·efficiency)`.
public struct Assay: Sendable, Hashable {
    public var name: String
    public var host: String
    public var marker: Marker
    /// How the assay is run; `qpcr` is the historical behaviour.
    public var kind: AssayKind
    /// The cell types the assay sees (a sorted or enriched subset); nil for
    /// the kind's default (`AssayKind.defaultCellTypes`).
    public var cellTypes: [String]?
    /// Recovery in (0, 1] multiplying the sampled fraction (enrichment
    /// losses; for `culture` the plating efficiency); nil for the kind's
    /// default (`AssayKind.defaultEfficiency`).
    public var efficiency: Double?
    /// `blood` or a tissue name.
    public var compartment: String
    public var sample: Sample
    /// Genome equivalents needed for a positive result (≥ 1).
    public var limitOfDetection: Int
    /// Sampling times, in days.
    public var times: [Double]

    public init(name: String, host: String = "mother", marker: Marker, compartment: String = "blood",
                sample: Sample, limitOfDetection: Int = 1, times: [Double],
                kind: AssayKind = .qpcr, cellTypes: [String]? = nil, efficiency: Double? = nil) {
        self.name = name
        self.kind = kind
        self.cellTypes = cellTypes
        self.efficiency = efficiency
        self.host = host
        self.marker = marker
        self.compartment = compartment
        self.sample = sample
        self.limitOfDetection = limitOfDetection
        self.times = times
    }
}

/// Which origins an assay can see.
public enum Marker: Sendable, Hashable {
    /// Y-chromosome qPCR: only cells of male origins.
    case yChromosome
    /// An HLA- (or other polymorphism-) specific assay for one named origin.
    case hla(origin: String)
    /// Every non-host origin.
    case any

    public var name: String {
        switch self {
        case .yChromosome: "y_chromosome"
        case .hla(let origin): "hla(\(origin))"
        case .any: "any"
        }
    }
}

/// How much material an assay analyses.
public enum Sample: Sendable, Hashable {
    /// Millilitres of blood.
    case bloodVolume(milliliters: Double)
    /// Millilitres of plasma (a `plasmaDNA` assay).
    case plasmaVolume(milliliters: Double)
    /// A number of host cells from the compartment.
    case hostCells(Double)
}

/// How many host cells each compartment holds and the blood volume: what an
/// assay's sample is a fraction of. Defaults are for an adult woman and are
/// documented, with their sources, in docs/model.md.
public struct HostCellCounts: Sendable, Hashable {
    /// Blood volume in mL.
    public var bloodVolume: Double
    /// Nucleated (white) blood cells per mL.
    public var nucleatedPerMilliliter: Double
    /// Fraction of the blood volume that is plasma, `1 − haematocrit`.
    public var plasmaFraction: Double
    /// Cells in each tissue.
    public var tissueCells: [String: Double]

    public init(bloodVolume: Double = 5000, nucleatedPerMilliliter: Double = 7e6,
                tissueCells: [String: Double] = BiologyDefaults.tissueCells, plasmaFraction: Double = BiologyDefaults.plasmaFraction) {
        self.bloodVolume = bloodVolume
        self.plasmaFraction = plasmaFraction
        self.nucleatedPerMilliliter = nucleatedPerMilliliter
        self.tissueCells = tissueCells
    }

    /// Plasma volume in mL: `bloodVolume · plasmaFraction`.
    public var plasmaVolume: Double { bloodVolume * plasmaFraction }

    /// Host cells in a compartment (`blood`: nucleated cells); nil when unknown.
    public func cells(in compartment: String) -> Double? {
        compartment == BiologyDefaults.blood ? bloodVolume * nucleatedPerMilliliter : tissueCells[compartment]
    }
}
