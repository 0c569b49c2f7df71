/// A niche in a tissue where single cells of a type found a clone whose size
/// the niche sets, whatever the number of founders.
///
/// Every cell of the type in `tissue` enters the niche at the per-cell rate
/// `seeding` (per day). The niche is an absorbing compartment of the network
/// (`host/origin/type/niche`): its count is the number of founders, so the
/// network stays linear and every engine simulates it exactly. A host whose
/// niche of origin o holds at least one founder carries an established clone
/// of o: the number of its cells in her whole blood is Poisson with mean
/// `bloodCells` at any time, independently of everything else, and in the
/// whole of `tissue` Poisson with mean `tissueCells`. The clone's cells are
/// not simulated; only assays see them: an assay of blood with counting
/// probability θ adds Poisson(θ·`bloodCells`) seen cells per occupied niche
/// of an origin and type it sees (`CompiledAssay.clones`). Establishment is
/// instant and the clone never ends.
public struct Niche: Sendable, Hashable {
    /// The tissue the niche is in (and whose cells found it).
    public var tissue: String
    /// Per-cell rate at which a cell of the type in `tissue` founds the niche, per day.
    public var seeding: Double
    /// Mean number of the clone's cells in the host's whole blood.
    public var bloodCells: Double
    /// Mean number of the clone's cells in the whole of `tissue` (0: only blood sees the clone).
    public var tissueCells: Double

    public init(tissue: String = "bone_marrow", seeding: Double, bloodCells: Double, tissueCells: Double = 0) {
        self.tissue = tissue
        self.seeding = seeding
        self.bloodCells = bloodCells
        self.tissueCells = tissueCells
    }

    /// The mean clone cells in `compartment` (blood, the niche's tissue, else 0).
    public func cloneCells(in compartment: String) -> Double {
        compartment == BiologyDefaults.blood ? bloodCells : compartment == tissue ? tissueCells : 0
    }
}

/// The clone of one occupied niche as one assay sees it.
public struct NicheClone: Sendable, Hashable {
    /// The origin whose cells founded the niche.
    public var origin: String
    /// The network compartment of the niche (its founders).
    public var niche: Int
    /// The assay's counted compartments of the same origin (`C_o`).
    public var counted: [Int]
    /// `μ`: the mean number of the clone's cells the assay counts when the
    /// niche is occupied (θ times the clone's mean cells in the sampled compartment).
    public var meanSeen: Double

    public init(origin: String, niche: Int, counted: [Int], meanSeen: Double) {
        self.origin = origin
        self.niche = niche
        self.counted = counted
        self.meanSeen = meanSeen
    }
}
