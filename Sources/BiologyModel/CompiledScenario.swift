import RateModel

/// A biology-level scenario compiled to the network the engines run, with
/// the meaning of every network compartment and the series to report.
public struct CompiledScenario: Sendable, Hashable {
    /// The scenario as written (after defaults).
    public let scenario: BiologyScenario
    /// The network: one compartment per population that can hold cells.
    public let network: NetworkModel
    /// `populations[i]` is what network compartment `i` holds.
    public let populations: [Population]
    /// Hosts in order: the founder, then live-born children by birth.
    public let hosts: [String]
    /// Every origin with its sex, in order of first appearance.
    public let origins: [OriginInfo]
    /// The series of `timeseries.csv`: every population, then per host and
    /// origin the sum over cell types per compartment (cell type `all`) and
    /// the sum over everything (`all`, `total`), then per host with more than
    /// one origin the sum over origins (origin `all`).
    public let layout: SeriesLayout
    /// One entry per assay, in scenario order.
    public let assays: [CompiledAssay]

    public init(scenario: BiologyScenario, network: NetworkModel, populations: [Population], hosts: [String],
                origins: [OriginInfo], layout: SeriesLayout, assays: [CompiledAssay]) {
        self.scenario = scenario
        self.network = network
        self.populations = populations
        self.hosts = hosts
        self.origins = origins
        self.layout = layout
        self.assays = assays
    }
}

/// A source of cells and its sex.
public struct OriginInfo: Sendable, Hashable {
    public var name: String
    public var sex: Sex
    /// `founder`, `child`, `carried` or `donor`.
    public var kind: String

    public init(name: String, sex: Sex, kind: String) {
        self.name = name
        self.sex = sex
        self.kind = kind
    }
}

/// An assay resolved against the network: which compartments it counts,
/// with which probability it counts each of their cells, and how a count
/// becomes its reported level.
public struct CompiledAssay: Sendable, Hashable {
    public let assay: Assay
    /// Network compartments whose cells the marker and the cell types see (may be empty).
    public let compartments: [Int]
    /// Origins the marker sees in the host.
    public let visibleOrigins: [String]
    /// Probability that one visible cell of the compartment is counted: the
    /// sampled fraction `f` times the assay's efficiency `e`, the thinning
    /// probability of `K ~ Binomial(N, f·e)`.
    public let sampledFraction: Double
    /// Host cells analysed (the denominator of a level per 10⁵ cells; 0 for
    /// a plasma DNA assay, which analyses no cells).
    public let hostCellsAnalysed: Double
    /// The unit of the reported level.
    public let levelUnit: AssayLevelUnit
    /// What the level is per, in `levelUnit`'s terms: the cells analysed, or
    /// the mL of blood or plasma sampled.
    public let sampleSize: Double
    /// The niches whose clone the assay sees (a visible origin, a counted
    /// type, clone cells in the sampled compartment): each occupied one adds
    /// Poisson(`meanSeen`) counted cells, so
    /// `P(nothing seen) = E[(1 − θ)^{N} · Π_{occupied j} e^{−μ_j}]`.
    public let clones: [NicheClone]
    /// The niches shared by every origin of the host (`Niche.shared`) whose
    /// clone the assay sees: a seen origin's share adds
    /// Poisson(μ·s/m) counted cells (`SharedNicheClone`).
    public let sharedClones: [SharedNicheClone]

    /// An assay whose level is in the unit `levelUnit` per `sampleSize`; by
    /// default per 10⁵ of `hostCellsAnalysed`.
    public init(assay: Assay, compartments: [Int], visibleOrigins: [String], sampledFraction: Double, hostCellsAnalysed: Double,
                levelUnit: AssayLevelUnit = .per1e5Cells, sampleSize: Double? = nil, clones: [NicheClone] = [],
                sharedClones: [SharedNicheClone] = []) {
        self.assay = assay
        self.compartments = compartments
        self.visibleOrigins = visibleOrigins
        self.sampledFraction = sampledFraction
        self.hostCellsAnalysed = hostCellsAnalysed
        self.levelUnit = levelUnit
        self.sampleSize = sampleSize ?? hostCellsAnalysed
        self.clones = clones
        self.sharedClones = sharedClones
    }

    /// Whether the assay may see a niche's clone (own or shared): its
    /// `P(positive)` then needs the niches' occupancy with the counts.
    public var seesClone: Bool { !clones.isEmpty || !sharedClones.isEmpty }

    /// The same assay sampled at `times` instead of its own.
    public func sampled(at times: [Double]) -> CompiledAssay {
        var changed = assay
        changed.times = times
        return CompiledAssay(assay: changed, compartments: compartments, visibleOrigins: visibleOrigins, sampledFraction: sampledFraction,
                             hostCellsAnalysed: hostCellsAnalysed, levelUnit: levelUnit, sampleSize: sampleSize, clones: clones,
                             sharedClones: sharedClones)
    }

    /// The level one counted cell adds: `10⁵/cells analysed`, or `1/mL`.
    public var levelPerCount: Double { levelUnit.scale / sampleSize }

    /// The expected level for a mean visible count `E[N]`:
    /// `E[K]/size·scale = f·e·E[N]/sampleSize·scale` (scale 10⁵ per cells,
    /// 1 per mL). O(1).
    public func level(meanCount: Double) -> Double {
        sampledFraction * meanCount / sampleSize * levelUnit.scale
    }

    /// The expected level with the clones: `(f·e·E[N] + E[clone cells counted])/sampleSize·scale`,
    /// `E[clone cells counted] = Σ_j μ_j·P(niche j occupied)`. O(1).
    public func level(meanCount: Double, meanCloneSeen: Double) -> Double {
        meanCloneSeen == 0 ? level(meanCount: meanCount) : (sampledFraction * meanCount + meanCloneSeen) / sampleSize * levelUnit.scale
    }
}

/// Every referential or biological problem the compiler found.
public struct BiologyProblems: Error, Sendable, Hashable {
    public let problems: [BiologyProblem]
    public init(_ problems: [BiologyProblem]) { self.problems = problems }
}
