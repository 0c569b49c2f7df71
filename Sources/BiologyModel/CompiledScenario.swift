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

/// An assay resolved against the network: which compartments it counts and
/// which fraction of them it samples.
public struct CompiledAssay: Sendable, Hashable {
    public let assay: Assay
    /// Network compartments whose cells the marker sees (may be empty).
    public let compartments: [Int]
    /// Origins the marker sees in the host.
    public let visibleOrigins: [String]
    /// Probability that one cell of the compartment is in the sample.
    public let sampledFraction: Double
    /// Host cells analysed (the denominator of gEq per 10⁵ cells).
    public let hostCellsAnalysed: Double

    public init(assay: Assay, compartments: [Int], visibleOrigins: [String], sampledFraction: Double, hostCellsAnalysed: Double) {
        self.assay = assay
        self.compartments = compartments
        self.visibleOrigins = visibleOrigins
        self.sampledFraction = sampledFraction
        self.hostCellsAnalysed = hostCellsAnalysed
    }
}

/// Every referential or biological problem the compiler found.
public struct BiologyProblems: Error, Sendable, Hashable {
    public let problems: [BiologyProblem]
    public init(_ problems: [BiologyProblem]) { self.problems = problems }
}
